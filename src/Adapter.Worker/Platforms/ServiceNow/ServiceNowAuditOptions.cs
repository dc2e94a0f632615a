namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>The <c>ServiceNow:Audit</c> section: how audit flags show on incidents.</summary>
public sealed class ServiceNowAuditOptions
{
    /// <summary>A custom <c>u_</c> field that receives the flag kind (e.g. <c>intake_mismatch</c>)
    /// when the adapter writes; empty (default) flags in the work note only.</summary>
    public string FlagField { get; set; } = "";

    /// <summary>Incident states, comma-separated, at which the closure audit runs. Default
    /// <c>6,7</c> (Resolved, Closed).</summary>
    public string ClosedStates { get; set; } = "6,7";

    public IReadOnlySet<string> ClosedStateSet() =>
        ClosedStates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
