using Adapter.Worker.Processing;
using Quartz;

namespace Adapter.Worker.Intake;

/// <summary>The Quartz job that polls one platform into the inbox; never overlaps itself.</summary>
[DisallowConcurrentExecution]
internal sealed partial class PollJob(IEnumerable<ITicketPlatform> platforms, InboxSignal signal, ILogger<PollJob> logger) : IJob
{
    public const string PlatformKey = "platform";

    public static JobKey KeyFor(string platform) => new($"poll-{platform}", "intake");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.MergedJobDataMap.GetString(PlatformKey);
        var platform = platforms.FirstOrDefault(p => p.Name == name);
        if (platform is null)
        {
            return;
        }

        try
        {
            if (await platform.PollAsync(cancellationToken) > 0)
            {
                signal.Notify();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The watermark did not move past anything unqueued; the next run retries.
            LogPollFailed(logger, name ?? "", ex.Message);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Poll of {Platform} failed; retrying at the next run: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string platform, string reason);
}
