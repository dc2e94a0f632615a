namespace Adapter.Core.Audit;

/// <summary>One audit flag as stored: ids, a label, field values (choice values or group ids) and
/// rule ids, never ticket text. <see cref="Field"/>, <see cref="FromValue"/> and
/// <see cref="ToValue"/> are empty for kinds that concern the whole ticket.</summary>
public sealed record AuditFlag(
    string Platform,
    string TicketId,
    string TicketNumber,
    AuditFlagKind Kind,
    string Field,
    string FromValue,
    string ToValue,
    string Bucket,
    string ResolverGroup,
    string Rules,
    DateTimeOffset At);

/// <summary>What the adapter decided first about a ticket, kept until it closes.</summary>
public sealed record FirstDecision(
    string Bucket,
    string System,
    int Severity,
    string ResolverGroup,
    string? Escalation,
    string Rules,
    DateTimeOffset DecidedAt);

/// <summary>A closed (or resolved) ticket as the audit measures it. Groups are resolver group
/// names where the platform's value maps back to one, else the platform's id; the final bucket is
/// null when the final category maps to no bucket.</summary>
public sealed record ClosureRecord(
    string Platform,
    string TicketId,
    string TicketNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset ClosedAt,
    FirstDecision First,
    string FinalCategory,
    string? FinalBucket,
    string FinalGroup,
    int? FinalSeverity,
    int ReassignmentCount,
    DateTimeOffset? FirstCorrectAssignmentAt,
    bool Misrouted);
