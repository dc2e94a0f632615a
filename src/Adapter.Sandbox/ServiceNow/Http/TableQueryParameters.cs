using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>The <c>sysparm_*</c> parameters of a table request.</summary>
internal sealed record TableQueryParameters(
    string? Query,
    int Limit,
    int Offset,
    IReadOnlyList<string> Fields,
    bool ExcludeReferenceLink,
    bool SuppressPaginationHeader,
    bool NoCount)
{
    /// <summary>The instance's default page size when <c>sysparm_limit</c> is absent.</summary>
    public const int DefaultLimit = 10000;

    // sysparm_display_value is accepted and not acted on: "false" is the wire format the sandbox speaks,
    // and for "true"/"all" the values come back unchanged.
    public static TableQueryParameters From(IReadOnlyList<KeyValuePair<string, string>> query) => new(
        query.First("sysparm_query"),
        PositiveOr(query.First("sysparm_limit"), DefaultLimit),
        PositiveOr(query.First("sysparm_offset"), 0),
        (query.First("sysparm_fields") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        IsTrue(query.First("sysparm_exclude_reference_link")),
        IsTrue(query.First("sysparm_suppress_pagination_header")),
        IsTrue(query.First("sysparm_no_count")));

    private static int PositiveOr(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static bool IsTrue(string? text) => string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
}
