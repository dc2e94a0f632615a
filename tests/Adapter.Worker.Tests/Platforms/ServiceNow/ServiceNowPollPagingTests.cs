using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Adapter.Worker.Tests.Platforms.ServiceNow;

/// <summary>A poll pass reads many pages while tickets change under it (people edit them, other
/// replicas write to them): no ticket may slip between two pages.</summary>
public sealed class ServiceNowPollPagingTests
{
    [Fact]
    public async Task Poll_IncidentsUpdatedBetweenPages_NoneSkipped()
    {
        var clock = new ManualClock(TimeProvider.System.GetUtcNow());
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions { TimeProvider = clock });
        harness.Settings["ServiceNow:PageSize"] = "5";
        var ids = harness.SeedSamples(30);
        clock.Advance(TimeSpan.FromMinutes(1));
        var edits = new EditsAfterFirstPage(harness.Sandbox);

        await using var app = AdapterHost.Build(harness.Configuration(), once: true, services =>
            services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new EditingHandler(edits)))));
        await AdapterHost.PrepareAsync(app.Services, CancellationToken.None);
        foreach (var platform in app.Services.GetServices<ITicketPlatform>())
        {
            await platform.PollAsync(CancellationToken.None);
        }

        await app.Services.GetRequiredService<InboxProcessor>().DrainAsync(CancellationToken.None);

        Assert.Equal(5, edits.Edited.Count);
        Assert.All(ids, id => Assert.NotEmpty(harness.Sandbox.WorkNotes(id)));
    }

    /// <summary>The instance's clock, moved by the test.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>Once the first page of a poll has been answered, a person edits every incident on
    /// it, which moves them to the end of the poll's order.</summary>
    private sealed class EditsAfterFirstPage(ServiceNowSandbox sandbox)
    {
        private int _done;

        public List<string> Edited { get; } = [];

        public void AfterPage(string body)
        {
            if (Interlocked.Exchange(ref _done, 1) == 1)
            {
                return;
            }

            foreach (var id in System.Text.RegularExpressions.Regex.Matches(body, "\"sys_id\":\"([0-9a-f]{32})\"").Select(m => m.Groups[1].Value))
            {
                sandbox.EditAsHuman(id, "nurse.manager", new Dictionary<string, string> { ["urgency"] = "2" });
                Edited.Add(id);
            }
        }
    }

    private sealed class EditingHandler(EditsAfterFirstPage edits) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var query = Uri.UnescapeDataString(request.RequestUri?.Query ?? "");
            if (request.Method == HttpMethod.Get && query.Contains("ORDERBYsys_updated_on", StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                edits.AfterPage(await response.Content.ReadAsStringAsync(cancellationToken));
            }

            return response;
        }
    }
}
