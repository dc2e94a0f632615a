using Adapter.Core.Classification;

namespace Adapter.Core.Audit;

/// <summary>A routing field as the ticket carries it at intake and as the decision wants it.</summary>
public readonly record struct IntakeField(string Field, string Current, string Desired);

/// <summary>The intake check, the same for every platform: on the first sight of a ticket, a
/// value a person already chose that a confident decision disagrees with is a mismatch. Empty
/// values were not chosen; a low-confidence decision is no ground to contradict a person.</summary>
public static class IntakeAudit
{
    public static IReadOnlyList<IntakeField> Mismatches(TriageDecision decision, IEnumerable<IntakeField> fields)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(fields);
        if (decision.NeedsReview)
        {
            return [];
        }

        return fields.Where(f => f.Current.Length > 0 && f.Desired.Length > 0 && !string.Equals(f.Current, f.Desired, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The flag's clause for a work note or comment: kinds and field names, no values
    /// beyond labels, e.g. <c>audit=intake_mismatch(category,assignment_group)</c>.</summary>
    public static string NoteClause(IReadOnlyList<IntakeField> mismatches, bool corrected)
    {
        ArgumentNullException.ThrowIfNull(mismatches);
        return mismatches.Count == 0
            ? ""
            : $"; audit={AuditFlagKind.IntakeMismatch.ToWire()}({string.Join(',', mismatches.Select(m => m.Field))}){(corrected ? " corrected" : "")}";
    }
}
