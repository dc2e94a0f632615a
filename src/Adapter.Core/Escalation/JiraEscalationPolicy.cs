using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Escalation;

/// <summary>A Jira project where a resolver group works: where its escalations are opened.</summary>
public sealed class JiraDestinationOptions
{
    /// <summary>The project key, e.g. <c>INTEG</c>.</summary>
    public string ProjectKey { get; set; } = "";

    /// <summary>The issue type created. Default <c>Task</c>.</summary>
    public string IssueType { get; set; } = "Task";

    /// <summary>Components set on the new issue (they must exist in the project).</summary>
    public List<string> Components { get; set; } = [];

    /// <summary>Labels added to the new issue besides the adapter's own two.</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>A Team custom field (<c>customfield_NNNNN</c>) to set, with <see cref="TeamId"/>. Default none.</summary>
    public string TeamField { get; set; } = "";

    /// <summary>The team's id for <see cref="TeamField"/>.</summary>
    public string TeamId { get; set; } = "";
}

/// <summary>A rule that requires a Jira issue whatever the resolver group, e.g. every
/// interoperability ticket at severity 1-2. <c>*</c> matches any value.</summary>
public sealed class JiraEscalationRuleOptions
{
    /// <summary>Named in the reason and the logs, e.g. <c>interop-sev1-2</c>.</summary>
    public string Id { get; set; } = "";

    public string Bucket { get; set; } = "*";

    public string System { get; set; } = "*";

    /// <summary>Matches severities up to this one (1 is the most severe). Default 4.</summary>
    public int MaxSeverity { get; set; } = 4;

    /// <summary>An escalation trigger's wire name, <c>*</c> for any (also none), or <c>any</c> for
    /// "some trigger fired".</summary>
    public string Trigger { get; set; } = "*";

    /// <summary>The destination (a key of the destinations) the issue is opened in.</summary>
    public string Destination { get; set; } = "";
}

/// <summary>Where one incident goes in Jira and why.</summary>
public sealed record JiraEscalationTarget(string Destination, JiraDestinationOptions Jira, string Reason);

/// <summary>Decides whether a decision needs a Jira issue: its resolver group works in Jira, or a
/// rule requires one. The resolver group wins over the rules.</summary>
public static class JiraEscalationPolicy
{
    public static JiraEscalationTarget? Decide(
        TriageDecision decision,
        IReadOnlyDictionary<string, JiraDestinationOptions> destinations,
        IReadOnlyList<JiraEscalationRuleOptions> rules)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(rules);
        if (destinations.TryGetValue(decision.ResolverGroup, out var own))
        {
            return new JiraEscalationTarget(decision.ResolverGroup, own, $"resolver group {decision.ResolverGroup} works in Jira");
        }

        foreach (var rule in rules)
        {
            if (Matches(rule, decision) && destinations.TryGetValue(rule.Destination, out var target))
            {
                return new JiraEscalationTarget(rule.Destination, target, $"rule {rule.Id}");
            }
        }

        return null;
    }

    private static bool Matches(JiraEscalationRuleOptions rule, TriageDecision decision) =>
        (rule.Bucket == "*" || rule.Bucket == decision.Bucket.ToWire())
        && (rule.System == "*" || rule.System == decision.System.ToWire())
        && decision.Severity <= rule.MaxSeverity
        && rule.Trigger switch
        {
            "*" => true,
            "any" => decision.Escalation is not null,
            var t => decision.Escalation?.Trigger.ToWire() == t,
        };
}
