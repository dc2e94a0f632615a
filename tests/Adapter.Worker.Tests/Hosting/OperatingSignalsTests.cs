using System.Net;
using Adapter.Worker.Tests.Platforms.ServiceNow;

namespace Adapter.Worker.Tests.Hosting;

/// <summary><c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> of the running worker.</summary>
public sealed class OperatingSignalsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_AfterRouting_ExposesFlagsHttpCallsInboxLagAndReloads()
    {
        await using var harness = new WorkerHarness();
        var ids = harness.SeedSamples(5, skip: 120);
        var lowConfidence = harness.Sandbox.AddIncident(new Dictionary<string, string> { ["short_description"] = "hello there", ["description"] = "please call me back" });

        await harness.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted([.. ids, lowConfidence]), Patience);
        using var http = Client(harness);
        var text = await http.GetStringAsync("/metrics");

        Assert.Contains("adapter_audit_flags_total{platform=\"servicenow\",kind=\"needs_review\"}", text, StringComparison.Ordinal);
        Assert.Matches("adapter_platform_http_calls_total\\{platform=\"servicenow\",method=\"GET\",status=\"200\"\\} [1-9]", text);
        Assert.Matches("adapter_platform_http_calls_total\\{platform=\"servicenow\",method=\"PATCH\",status=\"200\"\\} [1-9]", text);
        Assert.Contains("adapter_inbox_depth{status=\"pending\"}", text, StringComparison.Ordinal);
        Assert.Contains("adapter_inbox_depth{status=\"failed\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("adapter_watermark_lag_seconds{platform=\"servicenow\"}", text, StringComparison.Ordinal);
        Assert.Contains("adapter_config_reloads_total 0", text, StringComparison.Ordinal);
        Assert.Contains("adapter_config_reload_failures_total 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_PlatformUpThenDown_ReadyThenNotReadyWhileAlive()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["Adapter:ReadinessCacheInterval"] = "00:00:00";
        harness.Settings["ServiceNow:MaxRetries"] = "0";
        await harness.StartAsync();
        using var http = Client(harness);

        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));

        harness.Sandbox.Dispose();

        // A pooled keep-alive connection to the stopped sandbox can still answer once; the probe
        // must turn not-ready within a few checks.
        await WorkerHarness.WaitUntilAsync(() => http.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
        using var notReady = await http.GetAsync("/readyz");
        var body = await notReady.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("servicenow ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", body, StringComparison.Ordinal);
        using var alive = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Probes_JiraDownServiceNowUp_NotReadyNamingJira()
    {
        await using var harness = new Adapter.Worker.Tests.Escalation.EscalationHarness();
        harness.Worker.Settings["Adapter:ReadinessCacheInterval"] = "00:00:00";
        harness.Worker.Settings["Jira:MaxRetries"] = "0";
        harness.Worker.Settings["Jira:AttemptTimeout"] = "00:00:10";
        await harness.StartAsync();
        using var http = Client(harness.Worker);
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        harness.Jira.Dispose();

        await WorkerHarness.WaitUntilAsync(() => http.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15));
        using var notReady = await http.GetAsync("/readyz");
        var body = await notReady.Content.ReadAsStringAsync();
        Assert.Contains("jira ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("servicenow ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_CachedInterval_DoesNotCallThePlatformEveryProbe()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        harness.Settings["Adapter:ReadinessCacheInterval"] = "00:10:00";
        await harness.StartAsync();
        using var http = Client(harness);
        var before = harness.Sandbox.CountRequests("GET", "/api/now/table/incident");

        for (var i = 0; i < 5; i++)
        {
            using var response = await http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(before + 1, harness.Sandbox.CountRequests("GET", "/api/now/table/incident"));
    }

    private static HttpClient Client(WorkerHarness harness) => new() { BaseAddress = new Uri($"http://127.0.0.1:{harness.Port}") };
}
