using Adapter.Core.Taxonomy;

namespace Adapter.Core.Classification;

/// <summary>The severity signals found in one ticket.</summary>
internal readonly record struct SignalSet(int Bits)
{
    public bool Has(SeveritySignal signal) => (Bits & (1 << (int)signal)) != 0;
}

/// <summary>The outcome of applying the guide's severity definitions to a ticket's signals.</summary>
internal readonly record struct SeverityAssessment(int Severity, EscalationTrigger Trigger, string RuleId, string Reason);

/// <summary>Severity 1-4 exactly as the guide defines it (seed section 3): 1 patient safety or
/// clinical care blocked, 2 major disruption across a unit or site, 3 limited impact or a
/// workaround, 4 minor or enhancement. Decided from consequences, never from tone.</summary>
internal static class SeverityAssessor
{
    public static SeverityAssessment Assess(SignalSet s, Bucket bucket)
    {
        var noImpact = s.Has(SeveritySignal.NoPatientImpact);
        var safety = s.Has(SeveritySignal.PatientSafety) && !noImpact;
        var workaround = s.Has(SeveritySignal.WorkaroundAvailable) && !s.Has(SeveritySignal.NoWorkaround);
        var careBlocked = s.Has(SeveritySignal.CareBlocked) && !noImpact;
        var scope = s.Has(SeveritySignal.ScopeEnterprise) ? 4
            : s.Has(SeveritySignal.ScopeSite) ? 3
            : s.Has(SeveritySignal.ScopeUnit) ? 2
            : s.Has(SeveritySignal.ScopeSingleUser) ? 1
            : 0;
        var outage = s.Has(SeveritySignal.Outage);
        var broken = outage || careBlocked || s.Has(SeveritySignal.Blocked) || s.Has(SeveritySignal.Degraded)
            || s.Has(SeveritySignal.DataLoss) || s.Has(SeveritySignal.PrivacyIncident);
        var lowKind = s.Has(SeveritySignal.Question) || s.Has(SeveritySignal.Enhancement) || s.Has(SeveritySignal.Minor);

        var trigger = Trigger(s, safety, careBlocked && !workaround, outage, scope, broken);

        if (safety)
        {
            return new(1, trigger, "severity.1.patient_safety", "severity 1: patient safety at risk");
        }

        if (careBlocked && !workaround && scope != 1)
        {
            return new(1, trigger, "severity.1.care_blocked", "severity 1: clinical care blocked, no workaround");
        }

        if (careBlocked && !workaround && bucket == Bucket.Clinical)
        {
            return new(1, trigger, "severity.1.care_blocked", "severity 1: clinical care blocked, no workaround");
        }

        if (lowKind && !broken)
        {
            return new(4, trigger, "severity.4.minor", "severity 4: question, enhancement or minor issue");
        }

        if (s.Has(SeveritySignal.NotUrgent) && !broken && scope < 2)
        {
            return new(4, trigger, "severity.4.not_urgent", "severity 4: stated not urgent, nothing blocked");
        }

        if (s.Has(SeveritySignal.PrivacyIncident) || s.Has(SeveritySignal.DataLoss))
        {
            return new(2, trigger, "severity.2.data", "severity 2: data loss or privacy incident");
        }

        if (scope >= 2 && !lowKind)
        {
            return new(2, trigger, "severity.2.scope", "severity 2: disruption across a unit, site or more");
        }

        if (outage && scope != 1 && !workaround)
        {
            return new(2, trigger, "severity.2.outage", "severity 2: service outage");
        }

        if (lowKind && scope < 2 && !careBlocked)
        {
            return new(4, trigger, "severity.4.minor", "severity 4: question, enhancement or minor issue");
        }

        return new(3, trigger, "severity.3.limited", "severity 3: limited impact or workaround available");
    }

    private static EscalationTrigger Trigger(SignalSet s, bool safety, bool careBlocked, bool outage, int scope, bool broken)
    {
        if (safety)
        {
            return EscalationTrigger.PatientSafety;
        }

        if (s.Has(SeveritySignal.PrivacyIncident))
        {
            return EscalationTrigger.PrivacyIncident;
        }

        if (careBlocked)
        {
            return EscalationTrigger.CannotDocumentOrAdministerCare;
        }

        if ((outage && scope >= 3) || (scope == 4 && broken))
        {
            return EscalationTrigger.WidespreadOutage;
        }

        if (s.Has(SeveritySignal.DataLoss))
        {
            return EscalationTrigger.DataLoss;
        }

        return s.Has(SeveritySignal.RepeatedFailure) ? EscalationTrigger.RepeatedFailureAfterWorkaround : EscalationTrigger.None;
    }
}
