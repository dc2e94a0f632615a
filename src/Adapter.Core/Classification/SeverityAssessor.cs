using Adapter.Core.Taxonomy;

namespace Adapter.Core.Classification;

/// <summary>The severity signals found in one ticket, plus whether safety data (allergies,
/// medication list, doses, critical results) was said to be wrong or missing.</summary>
internal readonly record struct SignalSet(int Bits, bool SafetyDataFault = false)
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
        var safetyData = s.SafetyDataFault && !noImpact;
        var safety = (s.Has(SeveritySignal.PatientSafety) || safetyData) && !noImpact;
        var noWorkaround = s.Has(SeveritySignal.NoWorkaround);
        var workaround = s.Has(SeveritySignal.WorkaroundAvailable) && !noWorkaround;
        var careBlocked = s.Has(SeveritySignal.CareBlocked) && !noImpact;
        var scope = s.Has(SeveritySignal.ScopeEnterprise) ? 4
            : s.Has(SeveritySignal.ScopeSite) ? 3
            : s.Has(SeveritySignal.ScopeUnit) ? 2
            : s.Has(SeveritySignal.ScopeSingleUser) ? 1
            : 0;
        var outage = s.Has(SeveritySignal.Outage);
        var failing = outage || s.Has(SeveritySignal.Blocked);
        var broken = failing || careBlocked || s.Has(SeveritySignal.Degraded)
            || s.Has(SeveritySignal.DataLoss) || s.Has(SeveritySignal.PrivacyIncident);
        var request = s.Has(SeveritySignal.Question) || s.Has(SeveritySignal.Enhancement);

        // "Minor", "no rush" or "not urgent" describe how the reporter feels, so they only lower
        // severity when nothing is described as broken.
        var calm = s.Has(SeveritySignal.Minor) || s.Has(SeveritySignal.NotUrgent);

        var trigger = Trigger(s, safety, careBlocked && !workaround, outage, scope, broken);

        if (safety)
        {
            return safetyData && !s.Has(SeveritySignal.PatientSafety)
                ? new(1, trigger, "severity.1.safety_data", "severity 1: allergy, medication or critical result data wrong or missing")
                : new(1, trigger, "severity.1.patient_safety", "severity 1: patient safety at risk");
        }

        if (careBlocked && !workaround && (scope != 1 || bucket == Bucket.Clinical))
        {
            return new(1, trigger, "severity.1.care_blocked", "severity 1: clinical care blocked, no workaround");
        }

        if (noWorkaround && failing && bucket == Bucket.Clinical && !request)
        {
            return new(1, EscalationTrigger.CannotDocumentOrAdministerCare, "severity.1.no_workaround", "severity 1: clinical work failing with no workaround");
        }

        if (request && !broken)
        {
            return new(4, trigger, "severity.4.minor", "severity 4: question, enhancement or minor issue");
        }

        if (calm && !broken && scope < 2)
        {
            return new(4, trigger, "severity.4.not_urgent", "severity 4: minor or not urgent, nothing broken");
        }

        if (s.Has(SeveritySignal.PrivacyIncident) || (s.Has(SeveritySignal.DataLoss) && scope >= 2))
        {
            return new(2, trigger, "severity.2.data", "severity 2: data loss or privacy incident");
        }

        if (s.Has(SeveritySignal.DowntimeProcedures) && broken && scope != 1)
        {
            return new(2, trigger, "severity.2.downtime", "severity 2: downtime procedures in use");
        }

        if (scope >= 2 && !request)
        {
            return new(2, trigger, "severity.2.scope", "severity 2: disruption across a unit, site or more");
        }

        if (outage && scope != 1 && !workaround)
        {
            return new(2, trigger, "severity.2.outage", "severity 2: service outage");
        }

        // A feed or interface that stops carries every patient's data, not one user's.
        if (bucket == Bucket.Interoperability && failing && scope != 1 && !calm && !request)
        {
            return new(2, trigger, "severity.2.feed", "severity 2: data exchange failing beyond a single user");
        }

        if (request && scope < 2 && !careBlocked)
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
