using Adapter.Core.Audit;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.ServiceNow;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;
using Adapter.Worker.Hosting;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>What the audit adds to one write: the work note's clause and the flag field's value.</summary>
internal sealed record AuditWrite(string NoteClause, string? FlagValue);

/// <summary>The audit checks of ServiceNow processing: intake mismatch, overrides, needs_review
/// and the closure check. Records flags (ids, labels, values, rule ids) and counts them.</summary>
internal sealed partial class ServiceNowAudit(
    IAdapterStore store,
    IOptionsMonitor<AuditOptions> audit,
    AdapterMetrics metrics,
    TimeProvider time,
    ILogger<ServiceNowAudit> logger)
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
        var mismatches = firstSight
            ? IntakeAudit.Mismatches(decision, [
                new IntakeField("category", incident.Category, fields.Categories.GetValueOrDefault(decision.Bucket.ToWire()) ?? ""),
                new IntakeField("assignment_group", incident.AssignmentGroup, fields.AssignmentGroups.GetValueOrDefault(decision.ResolverGroup) ?? ""),
            ])
            : [];
        foreach (var m in mismatches)
        {
            await FlagAsync(new AuditFlag(Platform, incident.SysId, incident.Number, AuditFlagKind.IntakeMismatch, m.Field, m.Current, m.Desired,
                decision.Bucket.ToWire(), decision.ResolverGroup, decision.RuleIds, time.GetUtcNow()), cancellationToken);
        }

        foreach (var taken in plan.Overrides)
        {
            await FlagAsync(new AuditFlag(Platform, incident.SysId, incident.Number, AuditFlagKind.Override, taken.Field, taken.AdapterValue, taken.CurrentValue,
                decision.Bucket.ToWire(), decision.ResolverGroup, rules, time.GetUtcNow()), cancellationToken);
        }

        if (decision.NeedsReview)
        {
            await FlagAsync(new AuditFlag(Platform, incident.SysId, incident.Number, AuditFlagKind.NeedsReview, "", "", "",
                decision.Bucket.ToWire(), decision.ResolverGroup, decision.RuleIds, time.GetUtcNow()), cancellationToken);
        }

        var flagValue = mismatches.Count > 0 ? AuditFlagKind.IntakeMismatch.ToWire()
            : decision.NeedsReview && firstSight ? AuditFlagKind.NeedsReview.ToWire()
            : null;
        return new AuditWrite(IntakeAudit.NoteClause(mismatches, corrected: mode == AdapterMode.Enforce), flagValue);
    }

    /// <summary>After the decision is settled: remembers the first decision, the reassignment count
    /// once the adapter had routed the ticket, and when each group was first seen on it.</summary>
    public async Task TrackAsync(ServiceNowIncident incident, TriageDecision decision, ServiceNowOptions options, string? writtenGroup, int? reassignmentsAfterWrite, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ticket = await store.GetAuditTicketAsync(Platform, incident.SysId, cancellationToken)
            ?? new AuditTicket(
                Platform, incident.SysId, incident.Number, incident.SysCreatedOn ?? now,
                new FirstDecision(decision.Bucket.ToWire(), decision.System.ToWire(), decision.Severity, decision.ResolverGroup,
                    decision.Escalation?.Trigger.ToWire(), decision.RuleIds, now),
                reassignmentsAfterWrite ?? incident.ReassignmentCount,
                new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal),
                Closed: false);
        var seen = new Dictionary<string, DateTimeOffset>(ticket.GroupsSeen, StringComparer.Ordinal);
        if (incident.AssignmentGroup.Length > 0)
        {
            seen.TryAdd(GroupName(options.Fields, incident.AssignmentGroup), incident.SysUpdatedOn ?? now);
        }

        if (writtenGroup is not null)
        {
            seen.TryAdd(GroupName(options.Fields, writtenGroup), now);
        }

        await store.SaveAuditTicketAsync(ticket with { GroupsSeen = seen }, cancellationToken);
    }

    /// <summary>The closure check, once per ticket the adapter had decided.</summary>
    public async Task CloseAsync(ServiceNowIncident incident, ServiceNowOptions options, CancellationToken cancellationToken)
    {
        var ticket = await store.GetAuditTicketAsync(Platform, incident.SysId, cancellationToken);
        if (ticket is null || ticket.Closed)
        {
            return;
        }

        var fields = options.Fields;
        var finalBucket = fields.Categories.FirstOrDefault(kv => kv.Value == incident.Category).Key;
        var finalGroup = GroupName(fields, incident.AssignmentGroup);
        var finalSeverity = fields.Severities.Where(kv => kv.Value.Impact == incident.Impact && kv.Value.Urgency == incident.Urgency)
            .Select(kv => int.TryParse(kv.Key, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : (int?)null)
            .Where(s => s is not null).Min();
        var reassignments = Math.Max(0, incident.ReassignmentCount - ticket.ReassignmentBaseline);
        var closedAt = incident.SysUpdatedOn ?? time.GetUtcNow();
        var firstCorrect = ticket.GroupsSeen.TryGetValue(finalGroup, out var at) ? at : closedAt;
        var reasons = ClosureRule.Reasons(ticket.First, finalBucket, finalGroup, reassignments, audit.CurrentValue.MaxReassignments);
        var closure = new ClosureRecord(Platform, incident.SysId, incident.Number, ticket.CreatedAt, closedAt, ticket.First, incident.Category, finalBucket,
            finalGroup, finalSeverity, reassignments, firstCorrect, reasons.Count > 0);
        await store.RecordClosureAsync(closure, cancellationToken);
        if (reasons.Count > 0)
        {
            await FlagAsync(new AuditFlag(Platform, incident.SysId, incident.Number, AuditFlagKind.Misrouted, string.Join(',', reasons),
                $"{ticket.First.Bucket}/{ticket.First.ResolverGroup}", $"{finalBucket ?? AuditReportBuilder.Unmapped}/{finalGroup}",
                ticket.First.Bucket, ticket.First.ResolverGroup, ticket.First.Rules, closedAt), cancellationToken);
        }

        await store.SaveAuditTicketAsync(ticket with { Closed = true }, cancellationToken);
        LogClosed(logger, incident.Number, reasons.Count > 0, reassignments);
    }

    /// <summary>A group's resolver group name when the sys_id is mapped, else the sys_id.</summary>
    private static string GroupName(ServiceNowFieldMapOptions fields, string sysId) =>
        fields.AssignmentGroups.FirstOrDefault(kv => kv.Value == sysId && sysId.Length > 0).Key ?? sysId;

    private async Task FlagAsync(AuditFlag flag, CancellationToken cancellationToken)
    {
        if (await store.RecordAuditFlagAsync(flag, cancellationToken))
        {
            metrics.AuditFlag(flag.Platform, flag.Kind.ToWire());
            LogFlagged(logger, flag.TicketNumber, flag.Kind.ToWire(), flag.Field, flag.Rules);
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Incident {Number} flagged {Kind} (field {Field}; rules {Rules})")]
    private static partial void LogFlagged(ILogger logger, string number, string kind, string field, string rules);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Incident {Number} closed: misrouted {Misrouted}, {Reassignments} reassignment(s) after routing")]
    private static partial void LogClosed(ILogger logger, string number, bool misrouted, int reassignments);
}
