namespace Adapter.Core.Audit;

/// <summary>A ticket as it closed: the platform's final category value, the bucket, group
/// (resolver group name where the value maps back to one) and severity it maps to, the
/// reassignments people made after the adapter routed it, and when it closed.</summary>
public sealed record TicketFinal(string Category, string? Bucket, string Group, int? Severity, int Reassignments, DateTimeOffset ClosedAt);

/// <summary>The closure check, the same for every platform: the closure record and, when
/// <see cref="ClosureRule"/> says so, the misrouted flag.</summary>
public static class ClosureAudit
{
    /// <param name="groupsSeen">Group → when it was first on the ticket; the first correct
    /// assignment is when the final group was first seen, else the closure time.</param>
    public static (ClosureRecord Closure, AuditFlag? Misrouted) Close(
        AuditSubject subject, DateTimeOffset createdAt, FirstDecision first, IReadOnlyDictionary<string, DateTimeOffset> groupsSeen, TicketFinal final, int maxReassignments)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(groupsSeen);
        ArgumentNullException.ThrowIfNull(final);
        var firstCorrect = groupsSeen.TryGetValue(final.Group, out var at) ? at : final.ClosedAt;
        var reasons = ClosureRule.Reasons(first, final.Bucket, final.Group, final.Reassignments, maxReassignments);
        var closure = new ClosureRecord(subject.Platform, subject.TicketId, subject.TicketNumber, createdAt, final.ClosedAt, first, final.Category, final.Bucket,
            final.Group, final.Severity, final.Reassignments, firstCorrect, reasons.Count > 0);
        var flag = reasons.Count == 0 ? null
            : new AuditFlag(subject.Platform, subject.TicketId, subject.TicketNumber, AuditFlagKind.Misrouted, string.Join(',', reasons),
                $"{first.Bucket}/{first.ResolverGroup}", $"{final.Bucket ?? AuditReportBuilder.Unmapped}/{final.Group}",
                first.Bucket, first.ResolverGroup, first.Rules, final.ClosedAt);
        return (closure, flag);
    }
}
