using System.Globalization;
using Adapter.Core.Platforms.Jira;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>The JQL lower bound for a watermark. The stored watermark is the exact (millisecond,
/// UTC) <c>updated</c> of the newest issue durably queued; JQL only takes minutes, in the adapter
/// account's time zone. So the bound is the watermark minus the overlap, converted to that zone and
/// rounded down to the minute (an hour earlier when a clock change makes the local time ambiguous).
/// Everything re-read in the overlap has the same (issue, updated) inbox key as before and is not
/// queued twice.</summary>
internal static class JiraWatermark
{
    public static string LowerBound(DateTimeOffset watermark, TimeSpan overlap, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(watermark - overlap, zone).DateTime;
        local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local) || zone.IsInvalidTime(local))
        {
            local = local.AddHours(-1);
        }

        return local.ToString(JiraJson.JqlTimeFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>Where a poll starts: the stored watermark, or <paramref name="initialLookback"/>
    /// before now on the first poll.</summary>
    public static DateTimeOffset Floor(string? stored, DateTimeOffset now, TimeSpan initialLookback, string what)
    {
        if (stored is null)
        {
            return now - initialLookback;
        }

        return JiraJson.TryParseTime(stored, out var floor)
            ? floor
            : throw new InvalidOperationException($"Stored {what} watermark '{stored}' is not a Jira time.");
    }

    /// <summary>The oldest <c>updated</c> a search bounded by <see cref="LowerBound"/> can return; an
    /// older one means the site dropped the clause, and the poll must stop rather than queue everything.</summary>
    public static DateTimeOffset OldestAllowed(DateTimeOffset floor, TimeSpan overlap) => floor - overlap - TimeSpan.FromHours(1) - TimeSpan.FromMinutes(1);

    /// <summary>The inbox version of a change: its <c>updated</c> time, normalised to UTC, so that
    /// a poll and a webhook of the same change share one inbox key.</summary>
    public static string VersionKey(DateTimeOffset updated) => "updated:" + JiraJson.FormatTime(updated.ToUniversalTime());
}
