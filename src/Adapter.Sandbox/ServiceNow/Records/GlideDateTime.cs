using System.Globalization;
using System.Text.RegularExpressions;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>The instance's wire format for date-times: <c>yyyy-MM-dd HH:mm:ss</c>, UTC.</summary>
internal static partial class GlideDateTime
{
    public const string WireFormat = "yyyy-MM-dd HH:mm:ss";

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTime value) =>
        DateTime.TryParseExact(
            text,
            WireFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);

    /// <summary>
    /// Reads a date-time as an encoded query states it: the wire format, or the scripted
    /// <c>javascript:gs.dateGenerate('2024-01-31','08:00:00')</c> that list filters produce.
    /// </summary>
    public static bool TryParseQueryValue(string text, out DateTime value)
    {
        var generated = DateGenerate().Match(text);
        return TryParse(generated.Success ? $"{generated.Groups["date"].Value} {generated.Groups["time"].Value}" : text, out value);
    }

    [GeneratedRegex(@"^javascript:gs\.dateGenerate\('(?<date>\d{4}-\d{2}-\d{2})'\s*,\s*'(?<time>\d{2}:\d{2}:\d{2})'\)$", RegexOptions.CultureInvariant)]
    private static partial Regex DateGenerate();
}
