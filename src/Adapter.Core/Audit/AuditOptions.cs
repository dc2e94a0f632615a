using System.ComponentModel.DataAnnotations;

namespace Adapter.Core.Audit;

/// <summary>The <c>Audit</c> section: the rules shared by every platform.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Reassignments after the adapter routed a ticket that are still fine; more marks the
    /// ticket <c>misrouted</c> at closure. Default 1.</summary>
    [Range(0, 100)]
    public int MaxReassignments { get; set; } = 1;
}
