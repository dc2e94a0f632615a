using Adapter.Sandbox.Jira;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Platforms.Jira;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary>The worker against the Jira sandbox over real HTTP, through Prism: every issue ends with
/// the decided routing fields and exactly one comment, whichever intake brought it and whatever fails.</summary>
public sealed class JiraEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Polling_NewIssues_RoutedWithOneCommentEach()
    {
        await using var harness = new JiraWorkerHarness();
        var keys = harness.SeedSamples(25);

        await harness.StartAsync();
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted(keys), Patience);
        await harness.StopAsync();

        harness.AssertRoutedOnce(keys);
    }

    [Fact]
    public async Task Webhooks_WithPollingOff_RoutedWithOneCommentEachAndOwnEventsIgnored()
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Jira:PollingEnabled"] = "false";
        await harness.StartAsync();
        harness.Sandbox.EnableWebhooks(harness.WebhookUrl, harness.Secret);

        var keys = harness.SeedSamples(20, skip: 30);
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted(keys), Patience);
        await Task.Delay(800);
        await harness.StopAsync();

        harness.AssertRoutedOnce(keys);
        // The adapter's own edits and comments came back as webhooks too, and were dropped.
        Assert.True(harness.Sandbox.CountWebhooksDelivered >= keys.Count * 2, $"only {harness.Sandbox.CountWebhooksDelivered} webhooks delivered");
    }

    [Fact]
    public async Task PollingAndDuplicatedWebhooks_SameIssues_NoneWrittenTwice()
    {
        await using var harness = new JiraWorkerHarness(new JiraSandboxOptions { DuplicateWebhooks = true });
        await harness.StartAsync();
        harness.Sandbox.EnableWebhooks(harness.WebhookUrl, harness.Secret);

        var keys = harness.SeedSamples(20, skip: 60);
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted(keys), Patience);
        await Task.Delay(1000);
        await harness.StopAsync();

        harness.AssertRoutedOnce(keys);
    }

    [Fact]
    public async Task Polling_SiteFailingOneCallInFive_EveryIssueRoutedExactlyOnce()
    {
        await using var harness = new JiraWorkerHarness(new JiraSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 0.2, Kinds = SandboxFaultKinds.Transient, RetryAfterSeconds = 0, SlowDelay = TimeSpan.FromMilliseconds(1200), Seed = 7 },
        });
        var keys = harness.SeedSamples(30, skip: 100);

        await harness.StartAsync();
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted(keys), TimeSpan.FromSeconds(150));
        await Task.Delay(1000);
        await harness.StopAsync();

        Assert.True(harness.Sandbox.CountFaults > 0);
        harness.AssertRoutedOnce(keys);
    }

    [Fact]
    public async Task Polling_AnswersLostAfterTheSiteApplied_NoSecondComment()
    {
        // Slow answers past the attempt timeout: the edit or comment landed, the worker never heard.
        await using var harness = new JiraWorkerHarness(new JiraSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 0.3, Kinds = SandboxFaultKinds.SlowResponse, SlowDelay = TimeSpan.FromMilliseconds(1500), Seed = 11 },
        });
        harness.Settings["Jira:AttemptTimeout"] = "00:00:00.500";
        var keys = harness.SeedSamples(15, skip: 120);

        await harness.StartAsync();
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted(keys), TimeSpan.FromSeconds(150));
        await Task.Delay(2500);
        await harness.StopAsync();

        Assert.True(harness.Sandbox.CountFaults > 0);
        harness.AssertRoutedOnce(keys);
    }

    [Fact]
    public async Task RunOnce_PersonChangedGroupAndPriorityAfterAdapter_ChangesAreKept()
    {
        await using var harness = new JiraWorkerHarness();
        var key = harness.SeedSamples(1, skip: 140).Single();
        await harness.RunOnceAsync();
        var decision = JiraWorkerHarness.Decide(harness.Sandbox.GetIssue(key));
        var adapterGroup = JiraWorkerHarness.BaseConfiguration[$"Jira:Fields:Groups:{decision.ResolverGroup}"]!;
        var humanGroup = adapterGroup == "Service Desk" ? "Informatics" : "Service Desk";
        var humanPriority = harness.Sandbox.GetIssue(key).Priority == "Lowest" ? "Highest" : "Lowest";

        harness.Sandbox.EditAsHuman(key, JiraWorkerHarness.Person, $$$"""
            {"fields":{"priority":{"name":"{{{humanPriority}}}"}},
             "update":{"components":[{"remove":{"name":"{{{adapterGroup}}}"}},{"add":{"name":"{{{humanGroup}}}"}}]}}
            """);
        await harness.RunOnceAsync();

        var issue = harness.Sandbox.GetIssue(key);
        Assert.Contains(humanGroup, issue.Components);
        Assert.DoesNotContain(adapterGroup, issue.Components);
        Assert.Equal(humanPriority, issue.Priority);
        Assert.Single(harness.Sandbox.Comments(key));
        harness.AssertContract();
    }

    [Fact]
    public async Task RunOnce_IssueFiledUnderAnotherBucket_AuditLabelAdded()
    {
        await using var harness = new JiraWorkerHarness();
        var key = harness.SeedSamples(1, skip: 145).Single();
        var decided = JiraWorkerHarness.Decide(harness.Sandbox.GetIssue(key)).Bucket;
        var wrong = decided == Adapter.Core.Taxonomy.Bucket.Clinical ? "Administrative" : "Clinical";
        var body = "{\"fields\":{\"" + JiraWorkerHarness.BucketField + "\":{\"value\":\"" + wrong + "\"}}}";
        harness.Sandbox.EditAsHuman(key, JiraWorkerHarness.Person, body);

        await harness.RunOnceAsync();

        Assert.Contains("triage-audit", harness.Sandbox.GetIssue(key).Labels);
        harness.AssertRoutedOnce([key]);
    }

    [Fact]
    public async Task Restart_HostStoppedMidCycle_NewHostFinishesWithoutDuplicates()
    {
        await using var harness = new JiraWorkerHarness(new JiraSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 0.3, Kinds = SandboxFaultKinds.SlowResponse, SlowDelay = TimeSpan.FromMilliseconds(300), Seed = 3 },
        });
        var keys = harness.SeedSamples(40, skip: 150);

        await harness.StartAsync();
        await JiraWorkerHarness.WaitUntilAsync(() => keys.Any(k => harness.Sandbox.Comments(k).Count > 0), Patience);
        await harness.StopAsync();
        Assert.False(harness.AllRouted(keys), "the first host should have been stopped mid-cycle");

        await harness.StartAsync();
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted(keys), Patience);
        await Task.Delay(500);
        await harness.StopAsync();

        harness.AssertRoutedOnce(keys);
    }

    [Fact]
    public async Task RunOnce_IssuesUpdatedAcrossPolls_NoneLostNoneTwice()
    {
        await using var harness = new JiraWorkerHarness();
        var first = harness.SeedSamples(5, skip: 195);
        await harness.RunOnceAsync();

        // Same minute as the watermark (JQL only sees minutes): must still be found, once.
        var second = harness.SeedSamples(5, skip: 205);
        await harness.RunOnceAsync();
        await harness.RunOnceAsync();

        harness.AssertRoutedOnce([.. first, .. second]);
        var decisions = await harness.OpenStore().GetDecisionsAsync(JiraPlatform.PlatformName, CancellationToken.None);
        Assert.Equal(10, decisions.Count(d => d.Outcome == "Written"));
    }

    [Fact]
    public async Task ShadowMode_IssuesDecided_NothingWritten()
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Adapter:Mode"] = "Shadow";
        var keys = harness.SeedSamples(10, skip: 200);

        await harness.RunOnceAsync();

        Assert.Equal(0, harness.Sandbox.CountRequests("PUT", "/rest/api/3/issue"));
        Assert.Equal(0, harness.Sandbox.CountRequests("POST", "/rest/api/3/issue"));
        Assert.All(keys, k => Assert.Empty(harness.Sandbox.Comments(k)));
        var decisions = await harness.OpenStore().GetDecisionsAsync(JiraPlatform.PlatformName, CancellationToken.None);
        Assert.Equal(keys.Select(k => harness.Sandbox.GetIssue(k).Id).Order(StringComparer.Ordinal), decisions.Select(d => d.TicketId).Order(StringComparer.Ordinal));
        Assert.All(decisions, d => Assert.Equal("Shadow", d.Outcome));
        harness.AssertContract();
    }

    [Fact]
    public async Task Start_MappedFieldMissingOnSite_RefusesNamingTheField()
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Jira:Fields:BucketField"] = "customfield_99999";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(harness.StartAsync);

        Assert.Contains("customfield_99999", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BearerToken_Accepted()
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Jira:AuthMode"] = "Bearer";
        harness.Settings["Jira:BearerToken"] = new JiraSandboxOptions().BearerToken;
        var keys = harness.SeedSamples(2, skip: 215);

        await harness.RunOnceAsync();

        harness.AssertRoutedOnce(keys);
    }
}
