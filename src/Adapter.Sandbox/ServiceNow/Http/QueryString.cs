namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// Splits <c>a=1&amp;b=2</c> (a query string or a form body) into decoded pairs, in order. WireMock's own
/// query dictionary splits values at commas, which would break <c>sysparm_fields</c> and <c>IN</c> lists.
/// </summary>
internal static class QueryString
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? part : part[..separator];
            var value = separator < 0 ? string.Empty : part[(separator + 1)..];
            pairs.Add(KeyValuePair.Create(Decode(name), Decode(value)));
        }

        return pairs;
    }

    /// <summary>The first value of <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static string? First(this IReadOnlyList<KeyValuePair<string, string>> pairs, string name)
    {
        foreach (var (key, value) in pairs)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    public static string Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
