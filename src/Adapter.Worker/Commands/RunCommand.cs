using System.CommandLine;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;

namespace Adapter.Worker.Commands;

/// <summary><c>run</c>: the long-running service; <c>run --once</c>: one poll of each platform,
/// drain the inbox, exit 0 (for a CronJob or a manual catch-up).</summary>
internal static class RunCommand
{
    public static Command Create(Option<string?> config)
    {
        var once = new Option<bool>("--once") { Description = "Poll once, process everything queued, and exit" };
        var command = new Command("run", "Run the adapter (the default verb)") { once };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(config), result.GetValue(once), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? overlay, bool once, CancellationToken cancellationToken)
    {
        var configuration = AdapterConfiguration.Build(overlay, reloadOnChange: !once);
        await using var app = AdapterHost.Build(configuration, once);
        await AdapterHost.PrepareAsync(app.Services, cancellationToken);
        if (!once)
        {
            await app.RunAsync();
            return 0;
        }

        foreach (var platform in app.Services.GetServices<ITicketPlatform>())
        {
            await platform.PollAsync(cancellationToken);
        }

        await app.Services.GetRequiredService<InboxProcessor>().DrainAsync(cancellationToken);
        return 0;
    }
}
