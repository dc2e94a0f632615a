using Adapter.Core.Audit;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.ServiceNow;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>What the audit adds to one write: the work note's clause and the flag field's value.</summary>
internal sealed record AuditWrite(string NoteClause, string? FlagValue);

/// <summary>The audit checks of ServiceNow processing: reads intake mismatches, overrides,
/// needs_review and the closure from an incident; <see cref="AuditRecorder"/> records them.</summary>
internal sealed class ServiceNowAudit(IAdapterStore store, AuditRecorder recorder, TimeProvider time)
{
    private const string Platform = ServiceNowPlatform.PlatformName;

    public static bool IsClosed(ServiceNowIncident incident, ServiceNowOptions options) =>
        options.Audit.ClosedStateSet().Contains(incident.State);

    /// <summary>Before the write: flags intake mismatches (first sight only), overrides and
    /// needs_review; returns what the write should say about them.</summary>
    public async Task<AuditWrite> CheckAsync(
        ServiceNowIncident incident, TriageDecision decision, RoutingFieldPlan plan, TicketState? state, AdapterMode mode, ServiceNowOptions options, CancellationToken cancellationToken)
    {
        var ticket = await store.GetAuditTicketAsync(Platform, incident.SysId, cancellationToken);
        var firstSight = ticket is null && (state?.AdapterWrites.Count ?? 0) == 0;
        var rules = ticket?.First.Rules ?? decision.RuleIds;
        var fields = options.Fields;
        var subject = Subject(incident);
        var now = time.GetUtcNow();
        var mismatches = firstSight
            ? IntakeAudit.Mismatches(decision, [
                new IntakeField("category", incident.Category, fields.Categories.GetValueOrDefault(decision.Bucket.ToWire()) ?? ""),
                new IntakeField("assignment_group", incident.AssignmentGroup, fields.AssignmentGroups.GetValueOrDefault(decision.ResolverGroup) ?? ""),
            ])
            : [];
        foreach (var m in mismatches)
        {
            await recorder.FlagAsync(subject.IntakeMismatch(m, decision, now), cancellationToken);
        }

        foreach (var taken in plan.Overrides)
        {
            await recorder.FlagAsync(subject.Override(taken, decision, rules, now), cancellationToken);
        }

        if (decision.NeedsReview)
        {
            await recorder.FlagAsync(subject.NeedsReview(decision, now), cancellationToken);
        }

        var flagValue = mismatches.Count > 0 ? AuditFlagKind.IntakeMismatch.ToWire()
            : decision.NeedsReview && firstSight ? AuditFlagKind.NeedsReview.ToWire()
            : null;
        return new AuditWrite(IntakeAudit.NoteClause(mismatches, corrected: mode == AdapterMode.Enforce), flagValue);
    }

    /// <summary>After the decision is settled: remembers the first decision, the reassignment count
    /// once the adapter had routed the ticket, and when each group was first seen on it.</summary>
    public Task TrackAsync(ServiceNowIncident incident, TriageDecision decision, ServiceNowOptions options, string? writtenGroup, int? reassignmentsAfterWrite, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var seen = new List<KeyValuePair<string, DateTimeOffset>>(2);
        if (incident.AssignmentGroup.Length > 0)
        {
            seen.Add(new(GroupName(options.Fields, incident.AssignmentGroup), incident.SysUpdatedOn ?? now));
        }

        if (writtenGroup is not null)
        {
            seen.Add(new(GroupName(options.Fields, writtenGroup), now));
        }

        return recorder.TrackAsync(Subject(incident), incident.SysCreatedOn ?? now, decision, reassignmentsAfterWrite ?? incident.ReassignmentCount, seen, now, cancellationToken);
    }

    /// <summary>The closure check, once per ticket the adapter had decided.</summary>
    public async Task CloseAsync(ServiceNowIncident incident, ServiceNowOptions options, CancellationToken cancellationToken)
    {
        if (await recorder.OpenTicketAsync(Subject(incident), cancellationToken) is not { } ticket)
        {
            return;
        }

        var fields = options.Fields;
        var finalBucket = fields.Categories.FirstOrDefault(kv => kv.Value == incident.Category).Key;
        var finalSeverity = fields.Severities.Where(kv => kv.Value.Impact == incident.Impact && kv.Value.Urgency == incident.Urgency)
            .Select(kv => int.TryParse(kv.Key, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : (int?)null)
            .Where(s => s is not null).Min();
        var reassignments = Math.Max(0, incident.ReassignmentCount - ticket.ReassignmentBaseline);
        var final = new TicketFinal(incident.Category, finalBucket, GroupName(fields, incident.AssignmentGroup), finalSeverity, reassignments, incident.SysUpdatedOn ?? time.GetUtcNow());
        await recorder.CloseAsync(ticket, final, [], cancellationToken);
    }

    private static AuditSubject Subject(ServiceNowIncident incident) => new(Platform, incident.SysId, incident.Number);

    /// <summary>A group's resolver group name when the sys_id is mapped, else the sys_id.</summary>
    private static string GroupName(ServiceNowFieldMapOptions fields, string sysId) =>
        fields.AssignmentGroups.FirstOrDefault(kv => kv.Value == sysId && sysId.Length > 0).Key ?? sysId;
}
