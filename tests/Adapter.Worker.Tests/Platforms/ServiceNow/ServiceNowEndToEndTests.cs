using System.Net;
using System.Text;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Intake;
using Adapter.Worker.Platforms.ServiceNow;

namespace Adapter.Worker.Tests.Platforms.ServiceNow;

/// <summary>The worker against the sandbox over real HTTP: every incident ends with the decided
/// routing fields and exactly one work note, whichever intake brought it and whatever fails.</summary>
[Collection(WorkerHostTests.Name)]
public sealed class ServiceNowEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Polling_NewIncidents_RoutedWithOneWorkNoteEach()
    {
        await using var harness = new WorkerHarness();
        var ids = harness.SeedSamples(25);

        await harness.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), Patience);
        await harness.StopAsync();

        AssertRoutedOnce(harness, ids);
    }

    [Fact]
    public async Task Webhooks_WithPollingOff_RoutedWithOneWorkNoteEach()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        var ids = harness.SeedSamples(20, skip: 30);

        await harness.StartAsync();
        foreach (var id in ids)
        {
            using var response = await harness.NotifyAsync(id);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), Patience);
        await harness.StopAsync();

        AssertRoutedOnce(harness, ids);
    }

    [Fact]
    public async Task PollingAndWebhooks_SameIncidents_NoneWrittenTwice()
    {
        await using var harness = new WorkerHarness();
        var ids = harness.SeedSamples(20, skip: 60);

        await harness.StartAsync();
        foreach (var id in ids)
        {
            using var first = await harness.NotifyAsync(id);
            using var retried = await harness.NotifyAsync(id);
        }

        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), Patience);
        await Task.Delay(800);
        await harness.StopAsync();

        AssertRoutedOnce(harness, ids);
    }

    [Fact]
    public async Task Polling_SandboxFailingOneCallInFive_EveryIncidentRoutedExactlyOnce()
    {
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 0.2, Kinds = SandboxFaultKinds.Transient, RetryAfterSeconds = 0, SlowDelay = TimeSpan.FromMilliseconds(1500), Seed = 7 },
        });
        var ids = harness.SeedSamples(30, skip: 100);

        await harness.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), TimeSpan.FromSeconds(120));
        await Task.Delay(1000);
        await harness.StopAsync();

        Assert.True(harness.Sandbox.CountFaults > 0);
        AssertRoutedOnce(harness, ids);
    }

    [Fact]
    public async Task RunOnce_PersonChangedGroupAfterAdapter_ChangeIsKept()
    {
        await using var harness = new WorkerHarness();
        var id = harness.SeedSamples(1, skip: 140).Single();
        await harness.RunOnceAsync();
        var human = harness.Groups["Service Desk"];

        harness.Sandbox.EditAsHuman(id, "nurse.manager", new Dictionary<string, string> { ["assignment_group"] = human });
        await harness.RunOnceAsync();

        Assert.Equal(human, harness.Sandbox.GetIncident(id)["assignment_group"]);
        Assert.Single(harness.Sandbox.WorkNotes(id));
    }

    [Fact]
    public async Task Restart_HostStoppedMidCycle_NewHostFinishesWithoutDuplicates()
    {
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 0.3, Kinds = SandboxFaultKinds.SlowResponse, SlowDelay = TimeSpan.FromMilliseconds(300), Seed = 3 },
        });
        var ids = harness.SeedSamples(40, skip: 150);

        await harness.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => ids.Any(id => harness.Sandbox.WorkNotes(id).Count > 0), Patience);
        await harness.StopAsync();
        Assert.False(harness.AllRouted(ids), "the first host should have been stopped mid-cycle");

        await harness.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), Patience);
        await harness.StopAsync();

        AssertRoutedOnce(harness, ids);
    }

    [Fact]
    public async Task ShadowMode_IncidentsDecided_NothingWritten()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["Adapter:Mode"] = "Shadow";
        var ids = harness.SeedSamples(10, skip: 200);

        await harness.RunOnceAsync();

        Assert.Equal(0, harness.Sandbox.CountRequests("PATCH", "/api/now/table/incident"));
        Assert.All(ids, id => Assert.Empty(harness.Sandbox.WorkNotes(id)));
        var decisions = await harness.OpenStore().GetDecisionsAsync(ServiceNowPlatform.PlatformName, CancellationToken.None);
        Assert.Equal(ids.Order(StringComparer.Ordinal), decisions.Select(d => d.TicketId).Order(StringComparer.Ordinal));
        Assert.All(decisions, d => Assert.Equal("Shadow", d.Outcome));
    }

    [Fact]
    public async Task Start_FilterTermTheInstanceIgnores_RefusesNamingTheTerm()
    {
        await using var harness = new WorkerHarness();
        harness.SeedSamples(3, skip: 210);
        harness.Settings["ServiceNow:Filter"] = "active=true^u_clinical_flagx=1";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.StartAsync());

        Assert.Contains("u_clinical_flagx=1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-signature")]
    [InlineData("wrong-signature")]
    [InlineData("malformed-json")]
    [InlineData("no-sys-id")]
    [InlineData("wrong-content-type")]
    [InlineData("two-megabytes")]
    public async Task Webhook_BadInput_RefusedAndNothingStored(string kind)
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        await harness.StartAsync();
        var good = Encoding.UTF8.GetBytes("{\"table\":\"incident\",\"sys_id\":\"0123456789abcdef0123456789abcdef\",\"sys_updated_on\":\"2026-12-04 10:00:00\"}");
        var malformed = Encoding.UTF8.GetBytes("{\"table\":\"incident\",\"sys_id\":");
        var noId = Encoding.UTF8.GetBytes("{\"table\":\"incident\"}");
        var huge = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");

        using var response = kind switch
        {
            "missing-signature" => await harness.PostWebhookAsync(good, null),
            "wrong-signature" => await harness.PostWebhookAsync(good, WebhookSignature.Sign(good, "not-the-secret")),
            "malformed-json" => await harness.PostWebhookAsync(malformed, WebhookSignature.Sign(malformed, harness.Secret)),
            "no-sys-id" => await harness.PostWebhookAsync(noId, WebhookSignature.Sign(noId, harness.Secret)),
            "wrong-content-type" => await harness.PostWebhookAsync(good, WebhookSignature.Sign(good, harness.Secret), "text/plain"),
            _ => await harness.PostWebhookAsync(huge, WebhookSignature.Sign(huge, harness.Secret)),
        };

        var expected = kind switch
        {
            "missing-signature" or "wrong-signature" => HttpStatusCode.Unauthorized,
            "malformed-json" or "no-sys-id" => HttpStatusCode.BadRequest,
            "wrong-content-type" => HttpStatusCode.UnsupportedMediaType,
            _ => HttpStatusCode.RequestEntityTooLarge,
        };
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        var counts = await harness.OpenStore().CountInboxAsync(CancellationToken.None);
        Assert.Equal(0, counts.Pending + counts.Done + counts.Failed);
    }

    private static void AssertRoutedOnce(WorkerHarness harness, IReadOnlyList<string> ids)
    {
        Assert.All(ids, id =>
        {
            var incident = harness.Sandbox.GetIncident(id);
            var (category, group) = harness.Expected(id);
            Assert.Equal(category, incident["category"]);
            Assert.Equal(group, incident["assignment_group"]);
            Assert.Single(harness.Sandbox.WorkNotes(id));
            Assert.Equal(WorkerHarness.AdapterUser, harness.Sandbox.WorkNotes(id)[0].CreatedBy);
        });
    }
}
