using System.Text.Json;
using Adapter.Core.Audit;
using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;
using Adapter.Sandbox.Jira;
using Adapter.Worker.Platforms.Jira;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary>Each audit flag kind through the real worker against the Jira sandbox (through Prism),
/// the closure check from the changelog, and the audit report over Jira tickets.</summary>
public sealed class JiraAuditTests
{
    private const string Resolver = "557058:resolver";

    [Fact]
    public async Task Enforce_PersonFiledWrongBucket_CorrectedFlaggedLabelledAndCommented()
    {
        await using var harness = Harness();
        var key = ConfidentIssue(harness, skip: 0);
        var desired = Option(Decide(harness.Sandbox.GetIssue(key)).Bucket);
        var wrong = desired == "Clinical" ? "Administrative" : "Clinical";
        harness.Sandbox.EditAsHuman(key, JiraWorkerHarness.Person, SetFields(JiraWorkerHarness.BucketField, "{\"value\":\"" + wrong + "\"}"));

        await harness.RunOnceAsync();

        var issue = harness.Sandbox.GetIssue(key);
        Assert.Equal(desired, issue.Custom[JiraWorkerHarness.BucketField]);
        Assert.Contains("triage-audit", issue.Labels);
        var comment = Assert.Single(harness.Sandbox.Comments(key));
        Assert.Contains("audit=intake_mismatch(bucket) corrected", comment.Text, StringComparison.Ordinal);
        var flag = Assert.Single(await FlagsAsync(harness, issue.Id), f => f.Kind == AuditFlagKind.IntakeMismatch);
        Assert.Equal(("bucket", wrong, desired), (flag.Field, flag.FromValue, flag.ToValue));
        Assert.Equal(key, flag.TicketNumber);
        Assert.NotEmpty(flag.Rules);
        harness.AssertContract();
    }

    [Fact]
    public async Task Shadow_PersonFiledWrongBucket_FlaggedOnlyNothingWritten()
    {
        await using var harness = Harness();
        harness.Settings["Adapter:Mode"] = "Shadow";
        var key = ConfidentIssue(harness, skip: 20);
        var desired = Option(Decide(harness.Sandbox.GetIssue(key)).Bucket);
        var wrong = desired == "Clinical" ? "Administrative" : "Clinical";
        harness.Sandbox.EditAsHuman(key, JiraWorkerHarness.Person, SetFields(JiraWorkerHarness.BucketField, "{\"value\":\"" + wrong + "\"}"));

        await harness.RunOnceAsync();
        await harness.RunOnceAsync();

        var issue = harness.Sandbox.GetIssue(key);
        Assert.Equal(wrong, issue.Custom[JiraWorkerHarness.BucketField]);
        Assert.Equal(0, harness.Sandbox.CountRequests("PUT", "/rest/api/3/issue"));
        var flag = Assert.Single(await FlagsAsync(harness, issue.Id));
        Assert.Equal((AuditFlagKind.IntakeMismatch, wrong, desired), (flag.Kind, flag.FromValue, flag.ToValue));
    }

    [Fact]
    public async Task Override_PersonMovedGroupAfterAdapter_RecordedOnceWithFirstRules()
    {
        await using var harness = Harness();
        var key = ConfidentIssue(harness, skip: 40);
        await harness.RunOnceAsync();
        var decision = Decide(harness.Sandbox.GetIssue(key));
        var adapterGroup = Group(decision.ResolverGroup);
        var human = adapterGroup == "Service Desk" ? "Interface Team" : "Service Desk";

        MoveGroup(harness, key, JiraWorkerHarness.Person, adapterGroup, human);
        await harness.RunOnceAsync();
        var priority = harness.Sandbox.GetIssue(key).Priority == "Lowest" ? "Highest" : "Lowest";
        harness.Sandbox.EditAsHuman(key, JiraWorkerHarness.Person, SetFields("priority", "{\"name\":\"" + priority + "\"}"));
        await harness.RunOnceAsync();

        var issue = harness.Sandbox.GetIssue(key);
        Assert.Contains(human, issue.Components);
        Assert.DoesNotContain(adapterGroup, issue.Components);
        var flags = await FlagsAsync(harness, issue.Id);
        var flag = Assert.Single(flags, f => f.Kind == AuditFlagKind.Override && f.Field == "group");
        Assert.Equal((adapterGroup, human), (flag.FromValue, flag.ToValue));
        Assert.Equal(decision.RuleIds, flag.Rules);
        Assert.Single(flags, f => f.Kind == AuditFlagKind.Override && f.Field == "severity");
        Assert.Single(harness.Sandbox.Comments(key));
        harness.AssertContract();
    }

    [Fact]
    public async Task LowConfidence_NeedsReviewFlaggedAndRoutedToTriage()
    {
        await using var harness = Harness();
        var key = harness.Sandbox.AddIssue("hello there", "please call me back");
        Assert.True(JiraWorkerHarness.Classifier.Classify("hello there", "please call me back").NeedsReview);

        await harness.RunOnceAsync();
        await harness.RunOnceAsync();

        var issue = harness.Sandbox.GetIssue(key);
        Assert.Contains(Group("Service Desk Triage"), issue.Components);
        Assert.Contains("needs_review", Assert.Single(harness.Sandbox.Comments(key)).Text, StringComparison.Ordinal);
        var flag = Assert.Single(await FlagsAsync(harness, issue.Id));
        Assert.Equal(AuditFlagKind.NeedsReview, flag.Kind);
        Assert.Equal("Service Desk Triage", flag.ResolverGroup);
        Assert.DoesNotContain("triage-audit", issue.Labels);
    }

    [Fact]
    public async Task Polling_LowConfidenceIssue_FlagCountedOnMetricsOnce()
    {
        await using var harness = Harness();
        var key = harness.Sandbox.AddIssue("hello there", "please call me back");
        await harness.StartAsync();
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted([key]), TimeSpan.FromSeconds(60));
        await Task.Delay(800);

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{harness.Port}/metrics"));
        await harness.StopAsync();

        Assert.Contains("adapter_audit_flags_total{platform=\"jira\",kind=\"needs_review\"} 1\n", metrics, StringComparison.Ordinal);
        harness.AssertContract();
    }

    [Fact]
    public async Task Closure_GroupMovedBouncedOrKept_MisroutedOnlyWhenRuleSaysSo()
    {
        await using var harness = Harness();
        var moved = ConfidentIssue(harness, skip: 60);
        var bounced = ConfidentIssue(harness, skip: 80);
        var kept = ConfidentIssue(harness, skip: 100);
        await harness.RunOnceAsync();
        var movedGroup = Group(Decide(harness.Sandbox.GetIssue(moved)).ResolverGroup);
        var movedTo = movedGroup == "Service Desk" ? "Interface Team" : "Service Desk";
        MoveGroup(harness, moved, Resolver, movedGroup, movedTo);
        var movedAt = harness.Sandbox.GetIssue(moved).Updated;
        var bouncedGroup = Group(Decide(harness.Sandbox.GetIssue(bounced)).ResolverGroup);
        var other = bouncedGroup == "Service Desk" ? "Interface Team" : "Service Desk";
        MoveGroup(harness, bounced, "557058:agent-a", bouncedGroup, other);
        MoveGroup(harness, bounced, "557058:agent-b", other, bouncedGroup);
        foreach (var key in new[] { moved, bounced, kept })
        {
            harness.Sandbox.TransitionAsHuman(key, Resolver, "Done", "Done", "Done");
        }

        await harness.RunOnceAsync();
        await harness.RunOnceAsync();

        var ids = new[] { moved, bounced, kept }.ToDictionary(k => k, k => harness.Sandbox.GetIssue(k).Id);
        var store = harness.OpenStore();
        var closures = (await store.GetClosuresAsync(CancellationToken.None)).Where(c => c.Platform == JiraPlatform.PlatformName).ToDictionary(c => c.TicketId);
        Assert.Equal(3, closures.Count);
        Assert.True(closures[ids[moved]].Misrouted);
        Assert.Equal(1, closures[ids[moved]].ReassignmentCount);
        Assert.Equal(movedTo, closures[ids[moved]].FinalGroup);
        Assert.Equal(movedAt, closures[ids[moved]].FirstCorrectAssignmentAt);
        Assert.True(closures[ids[bounced]].Misrouted);
        Assert.Equal(2, closures[ids[bounced]].ReassignmentCount);
        Assert.False(closures[ids[kept]].Misrouted);
        Assert.Equal(0, closures[ids[kept]].ReassignmentCount);
        Assert.Equal(closures[ids[kept]].First.Bucket, closures[ids[kept]].FinalBucket);
        Assert.Equal(closures[ids[kept]].First.ResolverGroup, closures[ids[kept]].FinalGroup);
        Assert.Equal(closures[ids[kept]].First.Severity, closures[ids[kept]].FinalSeverity);
        var misrouted = (await store.GetAuditFlagsAsync(CancellationToken.None)).Where(f => f.Kind == AuditFlagKind.Misrouted).ToDictionary(f => f.TicketId);
        Assert.Equal(2, misrouted.Count);
        Assert.Equal("group", misrouted[ids[moved]].Field);
        Assert.Equal($"{closures[ids[moved]].FinalBucket}/{movedTo}", misrouted[ids[moved]].ToValue);
        Assert.Equal("reassignments", misrouted[ids[bounced]].Field);
        Assert.All(new[] { moved, bounced, kept }, k => Assert.Single(harness.Sandbox.Comments(k)));
        harness.AssertContract();
    }

    [Fact]
    public async Task Closure_ClosingStatusNamedInConfig_MeasuredOutsideTheDoneCategory()
    {
        await using var harness = Harness();
        harness.Settings["Jira:Audit:DoneStatuses"] = "Resolved, Won't Fix";
        var key = ConfidentIssue(harness, skip: 120);
        await harness.RunOnceAsync();

        harness.Sandbox.TransitionAsHuman(key, Resolver, "In Review", "In Progress", null);
        await harness.RunOnceAsync();
        Assert.Empty(await harness.OpenStore().GetClosuresAsync(CancellationToken.None));
        harness.Sandbox.TransitionAsHuman(key, Resolver, "resolved", "In Progress", "Fixed");
        await harness.RunOnceAsync();

        var closure = Assert.Single(await harness.OpenStore().GetClosuresAsync(CancellationToken.None));
        Assert.False(closure.Misrouted);
        Assert.Equal(key, closure.TicketNumber);
    }

    [Fact]
    public async Task Closure_JqlLeavesDoneIssuesOut_SeenThroughClosedJqlWatermarkKept()
    {
        await using var harness = Harness();
        harness.Settings["Jira:Jql"] = "project = HELP AND statusCategory != Done";
        harness.Settings["Jira:Audit:ClosedJql"] = "project = HELP AND statusCategory = Done";
        var key = ConfidentIssue(harness, skip: 180);
        await harness.RunOnceAsync();

        harness.Sandbox.TransitionAsHuman(key, Resolver, "Done", "Done", "Done");
        await harness.RunOnceAsync();

        var closure = Assert.Single(await harness.OpenStore().GetClosuresAsync(CancellationToken.None), c => c.TicketNumber == key);
        Assert.False(closure.Misrouted);
        Assert.Single(harness.Sandbox.Comments(key));
        harness.AssertContract();
    }

    [Fact]
    public async Task AuditReportVerb_JiraTicketsClosed_FiguresIncludeThem()
    {
        await using var harness = Harness();
        var moved = ConfidentIssue(harness, skip: 140);
        var kept = ConfidentIssue(harness, skip: 160);
        await harness.RunOnceAsync();
        var movedGroup = Group(Decide(harness.Sandbox.GetIssue(moved)).ResolverGroup);
        MoveGroup(harness, moved, Resolver, movedGroup, movedGroup == "Service Desk" ? "Interface Team" : "Service Desk");
        await harness.RunOnceAsync();
        harness.Sandbox.TransitionAsHuman(moved, Resolver, "Done", "Done", "Done");
        harness.Sandbox.TransitionAsHuman(kept, Resolver, "Done", "Done", "Done");
        await harness.RunOnceAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var cli = new CliRunner();

        var result = await cli.RunAsync(["audit-report", "--format", "json"], new Dictionary<string, string> { ["Adapter__SqlitePath"] = harness.Settings["Adapter:SqlitePath"]! });

        result.ExpectExitCode(0);
        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        Assert.Equal(2, root.GetProperty("closed_tickets").GetInt32());
        Assert.Equal(1, root.GetProperty("overridden").GetInt32());
        Assert.Equal(1, root.GetProperty("reassigned").GetInt32());
        Assert.Equal(1, root.GetProperty("misrouted").GetInt32());
        Assert.Equal(1, root.GetProperty("flags_by_kind").GetProperty("misrouted").GetInt32());
        Assert.Equal(1, root.GetProperty("flags_by_kind").GetProperty("override").GetInt32());
        var times = root.GetProperty("time_to_correct_assignment").EnumerateArray().ToList();
        Assert.Equal(2, times.Sum(t => t.GetProperty("tickets").GetInt32()));
        Assert.All(times, t => Assert.True(t.GetProperty("mean_minutes").GetDouble() >= 0));
    }

    private static JiraWorkerHarness Harness()
    {
        var harness = new JiraWorkerHarness();
        harness.Settings["Audit:MaxReassignments"] = "1";
        harness.Settings["Jira:Fields:GroupTarget"] = "Component";
        return harness;
    }

    /// <summary>A person moves the issue from one group component to another in one edit.</summary>
    private static void MoveGroup(JiraWorkerHarness harness, string key, string accountId, string from, string to) =>
        harness.Sandbox.EditAsHuman(key, accountId, $$$"""{"update":{"components":[{"remove":{"name":"{{{from}}}"}},{"add":{"name":"{{{to}}}"}}]}}""");

    private static string SetFields(string field, string valueJson) => "{\"fields\":{\"" + field + "\":" + valueJson + "}}";

    private static string Group(string resolverGroup) => JiraWorkerHarness.BaseConfiguration[$"Jira:Fields:Groups:{resolverGroup}"]!;

    private static string Option(Bucket bucket) => bucket switch
    {
        Bucket.Clinical => "Clinical",
        Bucket.Administrative => "Administrative",
        _ => "Interoperability",
    };

    /// <summary>Seeds sample rows from <paramref name="skip"/> on and returns the first one the
    /// classifier decides with confidence.</summary>
    private static string ConfidentIssue(JiraWorkerHarness harness, int skip)
    {
        for (var i = skip; ; i++)
        {
            var key = harness.SeedSamples(1, skip: i).Single();
            if (!Decide(harness.Sandbox.GetIssue(key)).NeedsReview)
            {
                return key;
            }
        }
    }

    /// <summary>The classifier's patterns carry a match timeout that a loaded machine can hit; the
    /// worker retries such an item through the inbox, and so does this helper.</summary>
    private static TriageDecision Decide(JiraSandboxIssue issue)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return JiraWorkerHarness.Decide(issue);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException) when (attempt < 5)
            {
            }
        }
    }

    private static async Task<List<AuditFlag>> FlagsAsync(JiraWorkerHarness harness, string issueId) =>
        [.. (await harness.OpenStore().GetAuditFlagsAsync(CancellationToken.None)).Where(f => f.TicketId == issueId && f.Platform == JiraPlatform.PlatformName)];
}
