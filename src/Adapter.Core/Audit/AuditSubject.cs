using Adapter.Core.Classification;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Audit;

/// <summary>The ticket an audit record is about: its platform, id and the number or key people
/// use. Builds the flags every platform raises the same way, from ids, labels and rule ids only.</summary>
public sealed record AuditSubject(string Platform, string TicketId, string TicketNumber)
{
    /// <summary>A value a person chose at intake that the decision disagrees with.</summary>
    public AuditFlag IntakeMismatch(IntakeField field, TriageDecision decision, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(Platform, TicketId, TicketNumber, AuditFlagKind.IntakeMismatch, field.Field, field.Current, field.Desired,
            decision.Bucket.ToWire(), decision.ResolverGroup, decision.RuleIds, at);
    }

    /// <summary>A person changed a field after the adapter set it: from the adapter's value to the
    /// person's, with the rule ids of the first decision (the rules the person corrected).</summary>
    public AuditFlag Override(FieldOverride taken, TriageDecision decision, string firstRules, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentNullException.ThrowIfNull(decision);
        return new(Platform, TicketId, TicketNumber, AuditFlagKind.Override, taken.Field, taken.AdapterValue, taken.CurrentValue,
            decision.Bucket.ToWire(), decision.ResolverGroup, firstRules, at);
    }

    /// <summary>Low confidence: the ticket went to the desk's triage group for a person to decide.</summary>
    public AuditFlag NeedsReview(TriageDecision decision, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(Platform, TicketId, TicketNumber, AuditFlagKind.NeedsReview, "", "", "",
            decision.Bucket.ToWire(), decision.ResolverGroup, decision.RuleIds, at);
    }

    /// <summary>The adapter's first decision, as the audit keeps it until closure.</summary>
    public static FirstDecision First(TriageDecision decision, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(decision.Bucket.ToWire(), decision.System.ToWire(), decision.Severity, decision.ResolverGroup,
            decision.Escalation?.Trigger.ToWire(), decision.RuleIds, at);
    }
}
