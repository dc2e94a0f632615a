using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Platforms.ServiceNow;
using Microsoft.Extensions.Time.Testing;

namespace Adapter.Worker.Tests.Platforms.ServiceNow;

/// <summary>Intake details: the watermark's own second, OAuth, and the instance's rate-limit rule.</summary>
public sealed class ServiceNowIntakeTests
{
    [Fact]
    public async Task Poll_IncidentUpdatedInTheWatermarksSecond_ProcessedOnceAndNothingTwice()
    {
        var now = TimeProvider.System.GetUtcNow();
        var second = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var clock = new FakeTimeProvider(second);
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions { TimeProvider = clock });
        var first = harness.SeedSamples(3, skip: 220);
        await harness.RunOnceAsync();

        // Same second as the watermark: a ">" query would lose it.
        var late = harness.SeedSamples(1, skip: 223).Single();
        await harness.RunOnceAsync();

        Assert.All(first.Append(late), id => Assert.Single(harness.Sandbox.WorkNotes(id)));
        var watermark = await harness.OpenStore().GetWatermarkAsync(ServiceNowPlatform.PlatformName, CancellationToken.None);
        Assert.Equal(Adapter.Core.Platforms.ServiceNow.ServiceNowJson.FormatTime(second), watermark);
    }

    [Fact]
    public async Task OAuth_TokensExpireMidRun_RefreshedAndEveryIncidentRouted()
    {
        await using var harness = new WorkerHarness();
        var defaults = new ServiceNowSandboxOptions();
        harness.Settings["ServiceNow:AuthMode"] = "OAuth";
        harness.Settings["ServiceNow:ClientId"] = defaults.ClientId;
        harness.Settings["ServiceNow:ClientSecret"] = defaults.ClientSecret;
        var ids = harness.SeedSamples(6, skip: 230);
        await harness.RunOnceAsync();
        harness.Sandbox.ExpireAllTokens();
        var more = harness.SeedSamples(6, skip: 236);

        await harness.RunOnceAsync();

        Assert.All(ids.Concat(more), id => Assert.Single(harness.Sandbox.WorkNotes(id)));
        Assert.True(harness.Sandbox.CountRequests("POST", "/oauth_token.do") >= 2);
    }

    [Fact]
    public async Task RateLimitRule_ClientFasterThanRule_429sHonouredAndEveryIncidentRouted()
    {
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions { RateLimitPerSecond = 8 });
        harness.Settings["ServiceNow:RequestsPerSecond"] = "100";
        var ids = harness.SeedSamples(20, skip: 250);

        await harness.RunOnceAsync();

        Assert.All(ids, id => Assert.Single(harness.Sandbox.WorkNotes(id)));
    }

    [Fact]
    public async Task Poll_ReadsPerIncident_AtMostOnePlusPagesAndOnePatchWhereChanged()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PageSize"] = "100";
        var ids = harness.SeedSamples(100, skip: 0);

        await harness.RunOnceAsync();
        var reads = harness.Sandbox.CountRequests("GET", "/api/now/table/incident");
        var writes = harness.Sandbox.CountRequests("PATCH", "/api/now/table/incident");

        // One GET per incident, one list page for the poll (plus one more that finds the page
        // end), and the start-up filter check.
        Assert.InRange(reads, ids.Count, ids.Count * 1.05);
        Assert.Equal(ids.Count, writes);
    }
}
