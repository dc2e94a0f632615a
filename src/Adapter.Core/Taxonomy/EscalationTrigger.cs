namespace Adapter.Core.Taxonomy;

/// <summary>Pre-agreed escalation triggers (seed section 5). Listed in precedence order:
/// when several hold, the first one wins.</summary>
public enum EscalationTrigger
{
    None = 0,
    PatientSafety = 1,
    PrivacyIncident = 2,
    CannotDocumentOrAdministerCare = 3,
    WidespreadOutage = 4,
    DataLoss = 5,
    RepeatedFailureAfterWorkaround = 6,
}
