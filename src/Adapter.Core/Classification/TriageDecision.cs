using Adapter.Core.Taxonomy;

namespace Adapter.Core.Classification;

/// <summary>A rule that fired and what it added to the decision, e.g.
/// <c>bucket.interop.messages</c> / <c>bucket interoperability +3</c>.</summary>
public readonly record struct RuleHit(string RuleId, string Effect);

/// <summary>Who answers an escalation and how fast.</summary>
public sealed record EscalationRoute(EscalationTrigger Trigger, string ResolverGroup, int ResponseMinutes);

/// <summary>The classifier's decision for one ticket: labels only, never the ticket's text.</summary>
public sealed record TriageDecision(
    Bucket Bucket,
    Bucket? SecondaryBucket,
    SystemKind System,
    int Severity,
    string ResolverGroup,
    double Confidence,
    bool NeedsReview,
    EscalationRoute? Escalation,
    IReadOnlyList<RuleHit> Rules)
{
    /// <summary>Fired rule ids joined by <c>;</c>, as the batch CSV and work notes carry them.</summary>
    public string RuleIds => string.Join(';', Rules.Select(r => r.RuleId));
}
