using System.Text.Json;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.Jira;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Platforms.Jira;

public sealed class JiraRoutingPlannerTests
{
    private static readonly TriageDecision Decision = new(
        Bucket.Interoperability, null, SystemKind.InterfaceEngine, 2, "Interface Team", 0.9, false, null, [new RuleHit("bucket.interop.messages", "bucket interoperability +3")]);

    private static JiraFieldMapOptions Map() => new()
    {
        BucketField = "customfield_10050",
        BucketOptions = new() { ["clinical"] = "Clinical", ["administrative"] = "Administrative", ["interoperability"] = "Interoperability" },
        BucketComponents = new() { ["clinical"] = "Clinical", ["interoperability"] = "Interoperability" },
        SystemTarget = JiraSystemTarget.Label,
        Systems = new() { ["interface_engine"] = "system-interface-engine", ["ehr"] = "system-ehr" },
        Priorities = new() { ["1"] = "Highest", ["2"] = "High", ["3"] = "Medium", ["4"] = "Low" },
        GroupTarget = JiraGroupTarget.Component,
        Groups = new() { ["Interface Team"] = "Interface Team", ["Service Desk"] = "Service Desk" },
    };

    private static JiraIssue Issue(string fieldsJson) => new()
    {
        Id = "10000",
        Key = "HELP-1",
        Fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fieldsJson)!,
    };

    [Fact]
    public void Plan_FreshIssue_EverySlotChanged()
    {
        var issue = Issue("""{"components":[{"name":"Kiosk"}],"labels":["vip"],"priority":{"name":"Medium"},"customfield_10050":null}""");

        var plan = JiraRoutingPlanner.Plan(Decision, issue, Map(), new Dictionary<string, string>());

        Assert.Equal("Interoperability", plan.Changes[JiraRoutingPlanner.BucketFieldSlot]);
        Assert.Equal("Interoperability", plan.Changes[JiraRoutingPlanner.BucketComponentSlot]);
        Assert.Equal("system-interface-engine", plan.Changes[JiraRoutingPlanner.SystemSlot]);
        Assert.Equal("High", plan.Changes[JiraRoutingPlanner.SeveritySlot]);
        Assert.Equal("Interface Team", plan.Changes[JiraRoutingPlanner.GroupSlot]);
        Assert.Empty(plan.Overrides);
    }

    [Fact]
    public void Update_ComponentsAndLabels_AddAndRemoveOnlyOwnedMembers()
    {
        var issue = Issue("""{"components":[{"name":"Kiosk"},{"name":"Service Desk"},{"name":"Clinical"}],"labels":["vip","system-ehr"],"priority":{"name":"High"},"customfield_10050":{"value":"Interoperability"}}""");
        var plan = JiraRoutingPlanner.Plan(Decision, issue, Map(), new Dictionary<string, string>());

        var update = JiraRoutingPlanner.Update(plan, issue, Map(), Decision);
        var json = JsonSerializer.Serialize(update, JiraJson.Options);

        Assert.Null(update.Fields);
        Assert.Contains("""{"remove":{"name":"Clinical"}}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"remove":{"name":"Service Desk"}}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"add":{"name":"Interface Team"}}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"remove":"system-ehr"}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"add":"system-interface-engine"}""", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Kiosk", json, StringComparison.Ordinal);
        Assert.DoesNotContain("vip", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_PersonChangedGroupAfterAdapter_OverrideNotChange()
    {
        var issue = Issue("""{"components":[{"name":"Service Desk"},{"name":"Interoperability"}],"labels":["system-interface-engine"],"priority":{"name":"High"},"customfield_10050":{"value":"Interoperability"}}""");
        var writes = new Dictionary<string, string> { [JiraRoutingPlanner.GroupSlot] = "Interface Team" };

        var plan = JiraRoutingPlanner.Plan(Decision, issue, Map(), writes);

        Assert.False(plan.HasChanges);
        var taken = Assert.Single(plan.Overrides);
        Assert.Equal(JiraRoutingPlanner.GroupSlot, taken.Field);
        Assert.Equal("Service Desk", taken.CurrentValue);
    }

    [Fact]
    public void Plan_PersonFiledAnotherBucketBefore_AuditLabelPlanned()
    {
        var issue = Issue("""{"components":[],"labels":[],"priority":{"name":"High"},"customfield_10050":{"value":"Clinical"}}""");

        var plan = JiraRoutingPlanner.Plan(Decision, issue, Map(), new Dictionary<string, string>());

        Assert.Equal("triage-audit", plan.Changes[JiraRoutingPlanner.AuditSlot]);
    }

    [Fact]
    public void Comment_Decision_RuleIdsAndVersionTagNoText()
    {
        var text = JiraRoutingPlanner.Comment(Decision, 7);

        Assert.StartsWith("[triage-adapter] bucket=interoperability", text, StringComparison.Ordinal);
        Assert.Contains("rules=bucket.interop.messages", text, StringComparison.Ordinal);
        Assert.EndsWith("ref=v7", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadFieldIdAndMissingGroup_ProblemsWithKeyPaths()
    {
        var map = Map();
        map.BucketField = "Bucket";
        map.Groups.Remove("Service Desk");
        map.AuditLabel = "triage audit";

        var problems = map.Validate("Jira:Fields", ["Interface Team", "Service Desk"]);

        Assert.Contains(problems, p => p.KeyPath == "Jira:Fields:BucketField");
        Assert.Contains(problems, p => p.KeyPath == "Jira:Fields:Groups:Service Desk");
        Assert.Contains(problems, p => p.KeyPath == "Jira:Fields:AuditLabel");
    }

    [Fact]
    public void Allowlist_CustomFieldTheMapDoesNotName_Refused()
    {
        var allowed = Adapter.Core.Routing.RoutingFieldAllowlist.Jira(Map());

        Assert.Throws<InvalidOperationException>(() => Adapter.Core.Routing.RoutingFieldAllowlist.EnsureAllowed(allowed, ["customfield_10099"]));
        Assert.Throws<InvalidOperationException>(() => Adapter.Core.Routing.RoutingFieldAllowlist.EnsureAllowed(allowed, ["description"]));
        Adapter.Core.Routing.RoutingFieldAllowlist.EnsureAllowed(allowed, ["customfield_10050", "components", "labels", "priority"]);
    }
}
