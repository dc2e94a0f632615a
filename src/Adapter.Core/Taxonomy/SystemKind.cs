namespace Adapter.Core.Taxonomy;

/// <summary>The system layer a ticket concerns (seed section 3, second layer).</summary>
public enum SystemKind
{
    Unknown = 0,
    Ehr = 1,
    Emr = 2,
    Identity = 3,
    InterfaceEngine = 4,
    PatientPortal = 5,
    Billing = 6,
    Device = 7,
}
