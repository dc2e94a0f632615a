namespace Adapter.Core.Classification;

/// <summary>What a ticket's text says about consequences; severity is derived from these,
/// never from tone.</summary>
public enum SeveritySignal
{
    PatientSafety = 0,
    CareBlocked,
    NoPatientImpact,
    Outage,
    Blocked,
    Degraded,
    ScopeSingleUser,
    ScopeUnit,
    ScopeSite,
    ScopeEnterprise,
    WorkaroundAvailable,
    NoWorkaround,
    Question,
    Enhancement,
    Minor,
    NotUrgent,
    DataLoss,
    PrivacyIncident,
    RepeatedFailure,

    /// <summary>Paper or downtime procedures are in use: the guide's severity 2 marker.</summary>
    DowntimeProcedures,

    /// <summary>Names data a clinician acts on (allergies, medication list, doses, critical
    /// results, code status). Only counts together with a nearby <see cref="DataFault"/>.</summary>
    SafetyData,

    /// <summary>Says data is wrong, blank or missing. Only counts next to <see cref="SafetyData"/>.</summary>
    DataFault,
}

/// <summary>Wire names of <see cref="SeveritySignal"/> as used in configuration.</summary>
public static class SeveritySignalNames
{
    private static readonly string[] Names =
    [
        "patient_safety", "care_blocked", "no_patient_impact", "outage", "blocked", "degraded",
        "scope_single_user", "scope_unit", "scope_site", "scope_enterprise", "workaround_available",
        "no_workaround", "question", "enhancement", "minor", "not_urgent", "data_loss",
        "privacy_incident", "repeated_failure", "downtime_procedures", "safety_data", "data_fault",
    ];

    public static IReadOnlyList<string> All => Names;

    public static string ToWire(this SeveritySignal signal) => Names[(int)signal];

    /// <summary>Parses a name that validation has already accepted.</summary>
    public static SeveritySignal Parse(string value) =>
        TryParse(value, out var signal) ? signal : throw new ArgumentException($"Unknown signal '{value}'.", nameof(value));

    public static bool TryParse(string? value, out SeveritySignal signal)
    {
        var index = value is null ? -1 : Array.IndexOf(Names, value.Trim().ToLowerInvariant());
        signal = index < 0 ? default : (SeveritySignal)index;
        return index >= 0;
    }
}
