using System.Globalization;
using Adapter.Core.Classification;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Platforms.ServiceNow;

/// <summary>Turns a decision into the incident fields to PATCH: only fields that differ, never one
/// that a person changed after the adapter had set it ("humans win").</summary>
public static class ServiceNowRoutingPlanner
{
    public static RoutingFieldPlan Plan(
        TriageDecision decision,
        ServiceNowIncident current,
        ServiceNowFieldMapOptions map,
        IReadOnlyDictionary<string, string> adapterWrites)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(adapterWrites);

        var desired = Desired(decision, map);
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        var overrides = new List<FieldOverride>();
        foreach (var (field, value) in desired)
        {
            var now = current.RoutingValue(field);
            if (adapterWrites.TryGetValue(field, out var written) && !string.Equals(now, written, StringComparison.Ordinal))
            {
                overrides.Add(new FieldOverride(field, written, now));
                continue;
            }

            if (!string.Equals(now, value, StringComparison.Ordinal))
            {
                changes[field] = value;
            }
        }

        RoutingFieldAllowlist.EnsureAllowed(RoutingFieldAllowlist.ServiceNow, changes.Keys);
        return new RoutingFieldPlan(changes, overrides);
    }

    /// <summary>The one work note: the decision and its rule ids, never ticket text.</summary>
    public static string WorkNote(TriageDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var escalation = decision.Escalation is { } e
            ? $"{e.Trigger.ToWire()} ({e.ResolverGroup}, respond within {e.ResponseMinutes} min)"
            : "none";
        return string.Create(CultureInfo.InvariantCulture,
            $"[triage-adapter] bucket={decision.Bucket.ToWire()}{(decision.SecondaryBucket is { } s ? "+" + s.ToWire() : "")}; system={decision.System.ToWire()}; severity={decision.Severity}; group={decision.ResolverGroup}; confidence={decision.Confidence:0.##}{(decision.NeedsReview ? "; needs_review" : "")}; escalation={escalation}; rules={decision.RuleIds}");
    }

    private static Dictionary<string, string> Desired(TriageDecision decision, ServiceNowFieldMapOptions map)
    {
        var desired = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map.Categories.TryGetValue(decision.Bucket.ToWire(), out var category))
        {
            desired["category"] = category;
        }

        if (map.Subcategories.TryGetValue(decision.System.ToWire(), out var subcategory))
        {
            desired["subcategory"] = subcategory;
        }

        if (map.AssignmentGroups.TryGetValue(decision.ResolverGroup, out var group))
        {
            desired["assignment_group"] = group;
        }

        if (map.Severities.TryGetValue(decision.Severity.ToString(CultureInfo.InvariantCulture), out var iu))
        {
            desired["impact"] = iu.Impact;
            desired["urgency"] = iu.Urgency;
        }

        return desired;
    }
}
