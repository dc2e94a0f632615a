using System.ComponentModel.DataAnnotations;
using Adapter.Core.Escalation;

namespace Adapter.Worker.Escalation;

/// <summary>The <c>Escalation</c> section: ServiceNow incidents whose resolver group works in Jira
/// (or that a rule sends there) get a Jira issue in that team's project, linked both ways.</summary>
public sealed class CrossPlatformEscalationOptions
{
    public const string SectionName = "Escalation";

    /// <summary>Whether incidents are escalated to Jira. Needs ServiceNow enabled and the Jira
    /// section's site and credentials (Jira triage itself may stay off). Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Resolver group (as named in <c>Triage:Routing:Groups</c>) to the Jira project it works in.</summary>
    public Dictionary<string, JiraDestinationOptions> Destinations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rules that require a Jira issue whatever the resolver group, first match wins.</summary>
    public List<JiraEscalationRuleOptions> Rules { get; set; } = [];

    /// <summary>Whether the package carries the description with identifiers redacted (<c>Redacted</c>, default) or not at all (<c>Omitted</c>).</summary>
    public EscalationDescription Description { get; set; } = EscalationDescription.Redacted;

    /// <summary>Label on every issue the adapter opened: how it finds them again. Default <c>triage-escalated</c>.</summary>
    public string EscalatedLabel { get; set; } = "triage-escalated";

    /// <summary>Prefix of the per-incident marker label (<c>&lt;prefix&gt;&lt;sys_id&gt;</c>), looked up
    /// before creating so that one incident never opens two issues. Default <c>snow-</c>.</summary>
    public string MarkerLabelPrefix { get; set; } = "snow-";

    /// <summary>Incident field that keeps the Jira key. Default <c>correlation_id</c>. Never
    /// overwritten when it holds another integration's value.</summary>
    public string LinkField { get; set; } = "correlation_id";

    /// <summary>Incident field that names the linked system. Default <c>correlation_display</c>; empty to leave it.</summary>
    public string LinkDisplayField { get; set; } = "correlation_display";

    /// <summary>Value written to <see cref="LinkDisplayField"/>. Default <c>Jira</c>.</summary>
    public string LinkDisplay { get; set; } = "Jira";

    /// <summary>Incident state set when the Jira issue is resolved (e.g. <c>6</c>, Resolved); empty
    /// (default) leaves the state to people and only adds the work note.</summary>
    public string ResolvedState { get; set; } = "";

    /// <summary>close_code written with <see cref="ResolvedState"/> (an instance requires one to resolve). Default <c>Solved (Permanently)</c>.</summary>
    public string ResolvedCloseCode { get; set; } = "Solved (Permanently)";

    /// <summary>Incident states, comma-separated, that close or cancel it: the Jira issue gets a
    /// comment when the incident reaches one first. Default <c>6,7,8</c> (Resolved, Closed, Canceled).</summary>
    public string IncidentClosedStates { get; set; } = "6,7,8";

    public IReadOnlySet<string> IncidentClosedStateSet() =>
        IncidentClosedStates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>How often Jira is polled for changes of escalated issues. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
