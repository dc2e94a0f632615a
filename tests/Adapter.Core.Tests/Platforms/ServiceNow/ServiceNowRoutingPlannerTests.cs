using Adapter.Core.Classification;
using Adapter.Core.Platforms.ServiceNow;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Platforms.ServiceNow;

public sealed class ServiceNowRoutingPlannerTests
{
    private static readonly ServiceNowFieldMapOptions Map = new()
    {
        Categories = new() { ["clinical"] = "clinical_operations", ["administrative"] = "administrative_operations", ["interoperability"] = "interoperability" },
        Subcategories = new() { ["ehr"] = "ehr", ["interface_engine"] = "interface_engine" },
        AssignmentGroups = new() { ["Interface Team"] = "g-interface", ["Service Desk"] = "g-desk" },
        Severities = new()
        {
            ["1"] = new() { Impact = "1", Urgency = "1" },
            ["2"] = new() { Impact = "1", Urgency = "2" },
            ["3"] = new() { Impact = "2", Urgency = "2" },
            ["4"] = new() { Impact = "3", Urgency = "3" },
        },
    };

    private static readonly TriageDecision Decision = new(
        Bucket.Interoperability, null, SystemKind.InterfaceEngine, 2, "Interface Team", 0.9, false, null,
        [new RuleHit("bucket.interop.interface", "bucket interoperability +4")]);

    [Fact]
    public void Plan_FreshIncident_WritesOnlyFieldsThatDiffer()
    {
        var incident = new ServiceNowIncident { Category = "inquiry", Subcategory = "interface_engine", Impact = "1", Urgency = "2" };

        var plan = ServiceNowRoutingPlanner.Plan(Decision, incident, Map, new Dictionary<string, string>());

        Assert.Equal(new Dictionary<string, string> { ["category"] = "interoperability", ["assignment_group"] = "g-interface" }, plan.Changes);
        Assert.Empty(plan.Overrides);
    }

    [Fact]
    public void Plan_PersonChangedGroupAfterAdapter_LeavesItAndReportsOverride()
    {
        var incident = new ServiceNowIncident { Category = "interoperability", Subcategory = "interface_engine", AssignmentGroup = "g-desk", Impact = "1", Urgency = "2" };
        var adapterWrote = new Dictionary<string, string> { ["assignment_group"] = "g-interface" };

        var plan = ServiceNowRoutingPlanner.Plan(Decision, incident, Map, adapterWrote);

        Assert.False(plan.HasChanges);
        var taken = Assert.Single(plan.Overrides);
        Assert.Equal(("assignment_group", "g-interface", "g-desk"), (taken.Field, taken.AdapterValue, taken.CurrentValue));
    }

    [Fact]
    public void WorkNote_Decision_CarriesLabelsAndRuleIdsOnly()
    {
        var note = ServiceNowRoutingPlanner.WorkNote(Decision);

        Assert.Contains("bucket=interoperability", note, StringComparison.Ordinal);
        Assert.Contains("severity=2", note, StringComparison.Ordinal);
        Assert.Contains("rules=bucket.interop.interface", note, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureAllowed_ClinicalField_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => Adapter.Core.Routing.RoutingFieldAllowlist.EnsureAllowed(
            Adapter.Core.Routing.RoutingFieldAllowlist.ServiceNow, ["description"]));
    }

    [Fact]
    public void Filter_TermWithUnknownField_DoesNotHoldOnReturnedRow()
    {
        var terms = ServiceNowFilter.Parse("active=true^priority<=2^u_bogus=1");
        var row = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["active"] = System.Text.Json.JsonDocument.Parse("\"true\"").RootElement,
            ["priority"] = System.Text.Json.JsonDocument.Parse("\"2\"").RootElement,
        };

        Assert.Equal([true, true, false], terms.Select(t => ServiceNowFilter.Holds(t, row)));
    }
}
