using Adapter.Core.Audit;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.Jira;
using Adapter.Core.Routing;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>The audit checks of Jira processing: reads intake mismatches, overrides, needs_review
/// and the closure (with reassignments from the changelog) from an issue; <see cref="AuditRecorder"/>
/// records them.</summary>
internal sealed class JiraAudit(IAdapterStore store, AuditRecorder recorder, TimeProvider time)
{
    private const string Platform = JiraPlatform.PlatformName;

    public static bool IsDone(JiraIssue issue, JiraOptions options) =>
        JiraAuditView.IsDone(issue, options.Audit.DoneCategorySet(), options.Audit.DoneStatusSet());

    /// <summary>Before the write: flags intake mismatches (first sight only), overrides and
    /// needs_review; returns the comment's audit clause.</summary>
    public async Task<string> CheckAsync(
        JiraIssue issue, TriageDecision decision, RoutingFieldPlan plan, TicketState? state, AdapterMode mode, JiraFieldMapOptions map, CancellationToken cancellationToken)
    {
        var ticket = await store.GetAuditTicketAsync(Platform, issue.Id, cancellationToken);
        var firstSight = ticket is null && (state?.AdapterWrites.Count ?? 0) == 0;
        var subject = Subject(issue);
        var now = time.GetUtcNow();
        var mismatches = firstSight ? JiraRoutingPlanner.IntakeMismatches(decision, issue, map) : [];
        foreach (var m in mismatches)
        {
            await recorder.FlagAsync(subject.IntakeMismatch(m, decision, now), cancellationToken);
        }

        foreach (var taken in plan.Overrides)
        {
            await recorder.FlagAsync(subject.Override(taken, decision, ticket?.First.Rules ?? decision.RuleIds, now), cancellationToken);
        }

        if (decision.NeedsReview)
        {
            await recorder.FlagAsync(subject.NeedsReview(decision, now), cancellationToken);
        }

        return IntakeAudit.NoteClause(mismatches, corrected: mode == AdapterMode.Enforce);
    }

    /// <summary>After the decision is settled: remembers the first decision, the changelog position
    /// from which people's group changes count as reassignments, and when each group was first on the issue.</summary>
    /// <param name="version">The issue's changelog total when the adapter decided.</param>
    /// <param name="writtenGroup">The group slot value the adapter just wrote, if any.</param>
    public Task TrackAsync(JiraIssue issue, TriageDecision decision, JiraFieldMapOptions map, int version, string? writtenGroup, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var seen = Seen(issue, map).ToList();
        var current = JiraAuditView.GroupName(map, JiraRoutingPlanner.CurrentOf(JiraRoutingPlanner.GroupSlot, issue, map) ?? "");
        if (current.Length > 0)
        {
            seen.Add(new(current, issue.Updated ?? now));
        }

        if (writtenGroup is not null)
        {
            seen.Add(new(JiraAuditView.GroupName(map, writtenGroup), now));
        }

        return recorder.TrackAsync(Subject(issue), JiraAuditView.Created(issue) ?? now, decision, version, seen, now, cancellationToken);
    }

    /// <summary>The closure check, once per issue the adapter had decided: reassignments are the
    /// group changes people made after the adapter first routed it, read from the changelog.</summary>
    public async Task CloseAsync(JiraIssue issue, JiraFieldMapOptions map, string adapterAccountId, CancellationToken cancellationToken)
    {
        if (await recorder.OpenTicketAsync(Subject(issue), cancellationToken) is not { } ticket)
        {
            return;
        }

        var reassignments = JiraAuditView.Reassignments(JiraAuditView.GroupChanges(issue, map), ticket.ReassignmentBaseline, adapterAccountId);
        var final = JiraAuditView.Final(issue, map, reassignments, JiraAuditView.ClosedAt(issue) ?? time.GetUtcNow());
        await recorder.CloseAsync(ticket, final, Seen(issue, map), cancellationToken);
    }

    private static IEnumerable<KeyValuePair<string, DateTimeOffset>> Seen(JiraIssue issue, JiraFieldMapOptions map) =>
        JiraAuditView.GroupChanges(issue, map).Where(c => c.Group is not null).Select(c => new KeyValuePair<string, DateTimeOffset>(c.Group!, c.At));

    private static AuditSubject Subject(JiraIssue issue) => new(Platform, issue.Id, issue.Key);
}
