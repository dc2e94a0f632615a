namespace Adapter.Core.Audit;

/// <summary>What the audit flags on a ticket. The same kinds for every platform: ServiceNow
/// carries them in a configurable field and the work note, Jira in a label and the comment.</summary>
public enum AuditFlagKind
{
    /// <summary>A person-chosen category or group at intake that a confident decision disagrees with.</summary>
    IntakeMismatch,

    /// <summary>A person changed a field after the adapter had set it; the adapter left it.</summary>
    Override,

    /// <summary>At closure the first bucket or group differed from the final one, or the ticket
    /// bounced between groups more than allowed.</summary>
    Misrouted,

    /// <summary>Low confidence: routed to the desk's triage group for a person to decide.</summary>
    NeedsReview,
}

public static class AuditFlagKinds
{
    public static IReadOnlyList<AuditFlagKind> All { get; } = Enum.GetValues<AuditFlagKind>();

    public static string ToWire(this AuditFlagKind kind) => kind switch
    {
        AuditFlagKind.IntakeMismatch => "intake_mismatch",
        AuditFlagKind.Override => "override",
        AuditFlagKind.Misrouted => "misrouted",
        AuditFlagKind.NeedsReview => "needs_review",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? wire, out AuditFlagKind kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.ToWire(), wire, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
