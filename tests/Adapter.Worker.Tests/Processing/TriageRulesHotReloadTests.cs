using System.Net;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;
using Adapter.Worker.Tests.Platforms.ServiceNow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Adapter.Worker.Tests.Processing;

/// <summary>Edits of the triage rules in a watched configuration file while the worker runs:
/// a good edit routes the next ticket by the new rules, a bad one keeps the last good rules and
/// says so in the log, on /readyz and in the metric.</summary>
[Collection(WorkerHostTests.Name)]
public sealed class TriageRulesHotReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The first route is interoperability/* → Interface Team; the edit sends it to Informatics.</summary>
    private const string RouteInterfacesToInformatics = """{"Triage":{"Routing":{"Routes":{"0":{"ResolverGroup":"Informatics"}}}}}""";

    private const string InterfaceTicketTitle = "Interface engine queue backing up";
    private const string InterfaceTicketText = "HL7 lab result messages from the interface engine are delayed about ten minutes before they cross to the EHR; no errors, just slow.";

    [Fact]
    public async Task GoodEdit_TriageSection_NextTicketRoutedByNewRulesWithoutRestart()
    {
        await using var harness = await StartWithOverlayAsync("{}");
        var before = await RouteOneAsync(harness);
        var beforeGroup = WorkerHarness.Classifier.Classify(InterfaceTicketTitle, InterfaceTicketText).ResolverGroup;

        await EditAsync(harness, RouteInterfacesToInformatics);
        await WorkerHarness.WaitUntilAsync(() => Rules(harness).Generation == 2, Patience);
        var after = await RouteOneAsync(harness);

        Assert.Equal("Interface Team", beforeGroup);
        Assert.Equal(harness.Groups["Interface Team"], harness.Sandbox.GetIncident(before)["assignment_group"]);
        Assert.Equal(harness.Groups["Informatics"], harness.Sandbox.GetIncident(after)["assignment_group"]);
        Assert.Contains("group=Informatics", harness.Sandbox.WorkNotes(after)[0].Value, StringComparison.Ordinal);
        Assert.Empty(Rules(harness).RejectedEdit);
        await AssertReadyAsync(harness, ready: true);
    }

    [Fact]
    public async Task BadEdit_ThresholdOutOfRange_LastGoodRulesKeptAndReportedUntilFixed()
    {
        await using var harness = await StartWithOverlayAsync(RouteInterfacesToInformatics);

        await EditAsync(harness, """{"Triage":{"ConfidenceThreshold":1.5,"Routing":{"Routes":{"0":{"ResolverGroup":"Identity & Access"}}}}}""");
        await WorkerHarness.WaitUntilAsync(() => Rules(harness).RejectedEdit.Count > 0, Patience);
        var metricBeforeReadyz = await MetricAsync(harness);
        var routed = await RouteOneAsync(harness);

        // The metric is set when the edit is refused, before anyone asks /readyz.
        Assert.Contains("adapter_config_edit_rejected 1", metricBeforeReadyz, StringComparison.Ordinal);
        Assert.Equal(harness.Groups["Informatics"], harness.Sandbox.GetIncident(routed)["assignment_group"]);
        Assert.Equal(1, Rules(harness).Generation);
        var readyz = await AssertReadyAsync(harness, ready: false);
        Assert.Contains("Triage:ConfidenceThreshold", readyz, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Triage:ConfidenceThreshold", StringComparison.Ordinal) && l.Contains("must be between 0 and 1", StringComparison.Ordinal));

        await EditAsync(harness, RouteInterfacesToInformatics);
        await WorkerHarness.WaitUntilAsync(() => Rules(harness).RejectedEdit.Count == 0, Patience);

        Assert.Contains("adapter_config_edit_rejected 0", await MetricAsync(harness), StringComparison.Ordinal);
        await AssertReadyAsync(harness, ready: true);
    }

    [Fact]
    public async Task BadEdit_FileNotValidJson_LastGoodValuesOfEverySectionKept()
    {
        await using var harness = await StartWithOverlayAsync(RouteInterfacesToInformatics);
        var options = harness.App!.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AdapterOptions>>();

        await EditAsync(harness, """{"Triage":{"Routing":{"Routes":{"0":{"ResolverGroup":"Identity & Access"}}}""");
        await WorkerHarness.WaitUntilAsync(() => Rules(harness).RejectedEdit.Count > 0, Patience);
        var routed = await RouteOneAsync(harness);

        Assert.Equal(harness.Groups["Informatics"], harness.Sandbox.GetIncident(routed)["assignment_group"]);
        Assert.Equal(harness.Settings["Adapter:SqlitePath"], options.CurrentValue.SqlitePath);
        var readyz = await AssertReadyAsync(harness, ready: false);
        Assert.Contains("overlay.json", readyz, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", readyz, StringComparison.Ordinal);
        Assert.Contains("adapter_config_edit_rejected 1", await MetricAsync(harness), StringComparison.Ordinal);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("overlay.json", StringComparison.Ordinal) && l.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void Configuration_FileUnparsableAtStart_StillFailsTheStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adapter-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ not json");
        try
        {
            Assert.Throws<InvalidDataException>(() => AdapterConfiguration.Add(new ConfigurationBuilder(), path, reloadOnChange: true).Build());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<WorkerHarness> StartWithOverlayAsync(string overlayJson)
    {
        var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        harness.OverlayPath = Path.Combine(harness.DataDirectory, "overlay.json");
        await File.WriteAllTextAsync(harness.OverlayPath, overlayJson);
        await harness.StartAsync();
        return harness;
    }

    /// <summary>Rewrites the file as an editor saving in place does (truncate, then write).</summary>
    private static Task EditAsync(WorkerHarness harness, string json) => File.WriteAllTextAsync(harness.OverlayPath!, json);

    private static TriageRules Rules(WorkerHarness harness) => harness.App!.Services.GetRequiredService<TriageRules>();

    private static async Task<string> RouteOneAsync(WorkerHarness harness)
    {
        var id = harness.Sandbox.AddIncident(new Dictionary<string, string> { ["short_description"] = InterfaceTicketTitle, ["description"] = InterfaceTicketText });
        using var response = await harness.NotifyAsync(id);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted([id]), Patience);
        return id;
    }

    private static async Task<string> MetricAsync(WorkerHarness harness)
    {
        using var client = harness.Client();
        return await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
    }

    private static async Task<string> AssertReadyAsync(WorkerHarness harness, bool ready)
    {
        using var client = harness.Client();
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(ready ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
