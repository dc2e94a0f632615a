using Adapter.Worker.Storage;

namespace Adapter.Worker.Escalation;

/// <summary>What the adapter remembers about one incident's Jira escalation: the issue it opened
/// (or found), which of the link's steps are done, and an incident write whose answer may have been
/// lost. Ids, keys, states and resolution names only. Kept as the incident's ticket state under the
/// <c>escalation</c> platform, so that both stores hold it without a schema of its own.</summary>
internal sealed record EscalationLink(
    string IncidentSysId,
    string? Destination,
    string? JiraId,
    string? JiraKey,
    bool RemoteLinked,
    bool IncidentLinked,
    string? ResolutionNoted,
    string? ClosureCommented,
    string? PendingNote,
    int? PendingBase)
{
    public const string Platform = "escalation";

    public const string LinkedNote = "linked";

    public const string ResolvedNote = "resolved";

    public static EscalationLink Empty(string sysId) => new(sysId, null, null, null, false, false, null, null, null, null);

    public static EscalationLink From(string sysId, TicketState? state)
    {
        if (state is null)
        {
            return Empty(sysId);
        }

        var w = state.AdapterWrites;
        return new EscalationLink(
            sysId,
            state.FirstGroup,
            w.GetValueOrDefault("jira_id"),
            w.GetValueOrDefault("jira_key"),
            w.ContainsKey("remote_link"),
            w.ContainsKey("incident_linked"),
            w.GetValueOrDefault("resolution_noted"),
            w.GetValueOrDefault("closure_commented"),
            state.PendingWrite.GetValueOrDefault("note"),
            state.PendingWriteBaseVersion);
    }

    public TicketState ToState()
    {
        var w = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(w, "jira_id", JiraId);
        Put(w, "jira_key", JiraKey);
        Put(w, "remote_link", RemoteLinked ? "done" : null);
        Put(w, "incident_linked", IncidentLinked ? "done" : null);
        Put(w, "resolution_noted", ResolutionNoted);
        Put(w, "closure_commented", ClosureCommented);
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(pending, "note", PendingNote);
        return new TicketState(Platform, IncidentSysId, -1, null, Destination, w, PendingBase, pending);
    }

    /// <summary>The incident write of <see cref="PendingNote"/> is known to have landed.</summary>
    public EscalationLink Settle() => PendingNote switch
    {
        LinkedNote => this with { IncidentLinked = true, PendingNote = null, PendingBase = null },
        ResolvedNote => this with { ResolutionNoted = ResolutionNoted ?? "resolved", PendingNote = null, PendingBase = null },
        _ => this with { PendingNote = null, PendingBase = null },
    };

    private static void Put(Dictionary<string, string> map, string key, string? value)
    {
        if (value is not null)
        {
            map[key] = value;
        }
    }
}
