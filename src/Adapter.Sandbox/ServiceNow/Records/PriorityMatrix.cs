using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// The instance computes priority from impact and urgency (its default data lookup); clients do not write it.
/// </summary>
internal static class PriorityMatrix
{
    /// <returns>Priority 1 (critical) to 5 (planning), or <see langword="null"/> when impact or urgency is not 1-3.</returns>
    public static string? Compute(string impact, string urgency)
    {
        if (!int.TryParse(impact, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i is < 1 or > 3
            || !int.TryParse(urgency, NumberStyles.None, CultureInfo.InvariantCulture, out var u) || u is < 1 or > 3)
        {
            return null;
        }

        return (i + u) switch
        {
            2 => "1",
            3 => "2",
            4 => "3",
            5 => "4",
            _ => "5",
        };
    }
}
