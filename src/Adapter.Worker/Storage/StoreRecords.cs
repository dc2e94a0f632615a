using Adapter.Core.Audit;

namespace Adapter.Worker.Storage;

/// <summary>Where a unit of work came from.</summary>
public enum IntakeSource
{
    Poll,
    Webhook,
}

/// <summary>A ticket version to process. Ids and versions only: no ticket text.</summary>
public sealed record InboxItem(string Platform, string TicketId, string Version, IntakeSource Source, DateTimeOffset ReceivedAt);

/// <summary>An inbox item reserved for this worker until its lease ends.</summary>
public sealed record ClaimedItem(long Id, string Platform, string TicketId, string Version, IntakeSource Source, int Attempts, DateTimeOffset ReceivedAt);

/// <summary>What the adapter remembers about one ticket between versions.</summary>
public sealed record TicketState(
    string Platform,
    string TicketId,
    int LastProcessedVersion,
    string? FirstBucket,
    string? FirstGroup,
    IReadOnlyDictionary<string, string> AdapterWrites,
    int? PendingWriteBaseVersion,
    IReadOnlyDictionary<string, string> PendingWrite);

/// <summary>One decision as stored for the audit: labels, rule ids and outcome, never text.</summary>
public sealed record DecisionRecord(
    string Platform,
    string TicketId,
    string TicketNumber,
    int Version,
    string Bucket,
    string? SecondaryBucket,
    string System,
    int Severity,
    string ResolverGroup,
    double Confidence,
    bool NeedsReview,
    string? Escalation,
    string Rules,
    string Mode,
    string Outcome,
    string? CategoryBefore,
    string? GroupBefore,
    string? ChangedFields,
    DateTimeOffset DecidedAt);

/// <summary>Counts an operator looks at.</summary>
public sealed record InboxCounts(int Pending, int Done, int Failed);

/// <summary>What the audit keeps about a ticket until it closes: its first decision, the
/// reassignment count once the adapter had routed it, and when each group was first seen on it
/// (group → time). Ids, labels and times only.</summary>
public sealed record AuditTicket(
    string Platform,
    string TicketId,
    string TicketNumber,
    DateTimeOffset CreatedAt,
    FirstDecision First,
    int ReassignmentBaseline,
    IReadOnlyDictionary<string, DateTimeOffset> GroupsSeen,
    bool Closed);
