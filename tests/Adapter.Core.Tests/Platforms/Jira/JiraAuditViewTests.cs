using System.Text.Json;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.Jira;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Platforms.Jira;

public sealed class JiraAuditViewTests
{
    private const string Adapter = "712020:adapter";

    private static readonly TriageDecision Decision = new(
        Bucket.Interoperability, null, SystemKind.InterfaceEngine, 2, "Interface Team", 0.9, false, null, [new RuleHit("bucket.interop.messages", "bucket interoperability +3")]);

    private static JiraFieldMapOptions Map(JiraGroupTarget target = JiraGroupTarget.Component) => new()
    {
        BucketField = "customfield_10050",
        BucketOptions = new() { ["clinical"] = "Clinical", ["administrative"] = "Administrative", ["interoperability"] = "Interoperability" },
        Priorities = new() { ["1"] = "Highest", ["2"] = "High", ["3"] = "Medium", ["4"] = "Low" },
        GroupTarget = target,
        Groups = target == JiraGroupTarget.Assignee
            ? new() { ["Interface Team"] = "557058:interface-lead", ["Service Desk"] = "557058:desk-lead" }
            : new() { ["Interface Team"] = "Interface Team", ["Service Desk"] = "Service Desk" },
    };

    private static JiraIssue Issue(string fieldsJson, params string[] histories) => new()
    {
        Id = "10000",
        Key = "HELP-1",
        Fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fieldsJson)!,
        Changelog = new JiraChangelogPage
        {
            Total = histories.Length,
            MaxResults = histories.Length,
            Histories = [.. histories.Select(h => JsonSerializer.Deserialize<JiraChangeHistory>(h, JiraJson.Options)!)],
        },
    };

    private static string History(string author, string minute, params string[] items) =>
        $$"""{"id":"1","author":{"accountId":"{{author}}"},"created":"2026-11-02T10:{{minute}}:00.000+0000","items":[{{string.Join(',', items)}}]}""";

    private static string Component(string from, string to) => $$"""{"field":"components","fieldId":"components","fromString":"{{from}}","toString":"{{to}}"}""";

    [Fact]
    public void GroupChanges_ComponentsMovedBackAndForth_OneChangePerHistoryWithThePersonAndGroup()
    {
        var issue = Issue(
            """{"components":[{"name":"Interface Team"}]}""",
            History(Adapter, "00", Component("", "Interface Team"), Component("", "Interoperability")),
            History("557058:agent-a", "05", Component("Interface Team", ""), Component("", "Service Desk")),
            History("557058:agent-a", "06", """{"field":"labels","fieldId":"labels","fromString":"","toString":"vip"}"""),
            History("557058:agent-b", "09", Component("Service Desk", ""), Component("", "Interface Team")));

        var changes = JiraAuditView.GroupChanges(issue, Map());

        Assert.Equal([(0, "Interface Team"), (1, "Service Desk"), (3, "Interface Team")], changes.Select(c => (c.Position, c.Group!)));
        Assert.Equal(2, JiraAuditView.Reassignments(changes, baseline: 0, Adapter));
        Assert.Equal(1, JiraAuditView.Reassignments(changes, baseline: 2, Adapter));
    }

    [Fact]
    public void GroupChanges_AssigneeTarget_ReadsAccountIdsAndMapsBackToGroups()
    {
        var issue = Issue(
            """{"assignee":{"accountId":"557058:desk-lead"}}""",
            History("557058:agent-a", "05", """{"field":"assignee","fieldId":"assignee","from":"557058:interface-lead","fromString":"Interface Lead","to":"557058:desk-lead","toString":"Desk Lead"}"""));

        var change = Assert.Single(JiraAuditView.GroupChanges(issue, Map(JiraGroupTarget.Assignee)));

        Assert.Equal("Service Desk", change.Group);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 5, 0, TimeSpan.Zero), change.At);
    }

    [Fact]
    public void Final_ClosedIssue_BucketGroupAndSeverityMappedBack()
    {
        var issue = Issue("""{"customfield_10050":{"value":"Clinical"},"components":[{"name":"Service Desk"},{"name":"Kiosk"}],"priority":{"name":"Medium"}}""");

        var final = JiraAuditView.Final(issue, Map(), reassignments: 1, DateTimeOffset.UnixEpoch);

        Assert.Equal(("Clinical", "clinical", "Service Desk", 3, 1), (final.Category, final.Bucket, final.Group, final.Severity, final.Reassignments));
    }

    [Theory]
    [InlineData("done", "Done", true)]
    [InlineData("indeterminate", "In Review", false)]
    [InlineData("indeterminate", "resolved", true)]
    public void IsDone_CategoryOrStatusName_AsConfigured(string category, string status, bool done)
    {
        var issue = Issue("{\"status\":{\"name\":\"" + status + "\",\"statusCategory\":{\"key\":\"" + category + "\"}}}");

        var result = JiraAuditView.IsDone(issue, new HashSet<string> { "done" }, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Resolved" });

        Assert.Equal(done, result);
    }

    [Fact]
    public void IntakeMismatches_PersonChoseOtherBucketAndGroup_BothNamedBySlot()
    {
        var issue = Issue("""{"customfield_10050":{"value":"Clinical"},"components":[{"name":"Service Desk"}]}""");

        var mismatches = JiraRoutingPlanner.IntakeMismatches(Decision, issue, Map());

        Assert.Equal([("bucket", "Clinical", "Interoperability"), ("group", "Service Desk", "Interface Team")], mismatches.Select(m => (m.Field, m.Current, m.Desired)));
    }

    [Fact]
    public void Plan_LowConfidenceAndPersonChoseOtherBucket_NoAuditLabel()
    {
        var unsure = Decision with { Confidence = 0.2, NeedsReview = true };
        var issue = Issue("""{"customfield_10050":{"value":"Clinical"},"components":[],"labels":[]}""");

        var plan = JiraRoutingPlanner.Plan(unsure, issue, Map(), new Dictionary<string, string>());

        Assert.False(plan.Changes.ContainsKey(JiraRoutingPlanner.AuditSlot));
    }
}
