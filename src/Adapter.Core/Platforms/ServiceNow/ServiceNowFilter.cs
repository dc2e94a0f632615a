using System.Globalization;
using System.Text.Json;

namespace Adapter.Core.Platforms.ServiceNow;

/// <summary>One term of an encoded query, e.g. <c>active=true</c> or <c>priority&lt;=2</c>.</summary>
public sealed record ServiceNowFilterTerm(string Raw, string Field, string Operator, string Value);

/// <summary>A configured encoded query, parsed so that the adapter can check on rows the instance
/// returns that each term took effect: a real instance silently drops a term it cannot parse and
/// returns rows for the rest, which would widen the adapter's scope unnoticed.</summary>
public static class ServiceNowFilter
{
    // Longest operators first so that ">=" is not read as ">".
    private static readonly string[] Operators = ["ISNOTEMPTY", "ISEMPTY", "STARTSWITH", "ENDSWITH", "NOT LIKE", "LIKE", "NOT IN", "IN", "!=", ">=", "<=", "=", ">", "<"];

    public static IReadOnlyList<ServiceNowFilterTerm> Parse(string? filter)
    {
        var terms = new List<ServiceNowFilterTerm>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return terms;
        }

        foreach (var raw in filter.Split('^', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw.StartsWith("ORDERBY", StringComparison.Ordinal) || raw.StartsWith("OR", StringComparison.Ordinal) || raw == "NQ")
            {
                terms.Add(new ServiceNowFilterTerm(raw, "", "UNSUPPORTED", ""));
                continue;
            }

            var found = false;
            foreach (var op in Operators)
            {
                var at = raw.IndexOf(op, StringComparison.Ordinal);
                if (at > 0)
                {
                    terms.Add(new ServiceNowFilterTerm(raw, raw[..at].Trim(), op, raw[(at + op.Length)..].Trim()));
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                terms.Add(new ServiceNowFilterTerm(raw, raw, "UNSUPPORTED", ""));
            }
        }

        return terms;
    }

    /// <summary>Whether a returned row satisfies the term. A field the row lacks fails it.</summary>
    public static bool Holds(ServiceNowFilterTerm term, IReadOnlyDictionary<string, JsonElement> row)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(row);
        if (!row.TryGetValue(term.Field, out var element))
        {
            return false;
        }

        var actual = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? "",
            JsonValueKind.Object when element.TryGetProperty("value", out var v) => v.GetString() ?? "",
            _ => element.ToString(),
        };
        var value = term.Value;
        return term.Operator switch
        {
            "=" => string.Equals(actual, value, StringComparison.OrdinalIgnoreCase),
            "!=" => !string.Equals(actual, value, StringComparison.OrdinalIgnoreCase),
            ">" => Compare(actual, value) > 0,
            ">=" => Compare(actual, value) >= 0,
            "<" => Compare(actual, value) < 0,
            "<=" => Compare(actual, value) <= 0,
            "IN" => value.Split(',').Any(v => string.Equals(v.Trim(), actual, StringComparison.OrdinalIgnoreCase)),
            "NOT IN" => !value.Split(',').Any(v => string.Equals(v.Trim(), actual, StringComparison.OrdinalIgnoreCase)),
            "LIKE" => actual.Contains(value, StringComparison.OrdinalIgnoreCase),
            "NOT LIKE" => !actual.Contains(value, StringComparison.OrdinalIgnoreCase),
            "STARTSWITH" => actual.StartsWith(value, StringComparison.OrdinalIgnoreCase),
            "ENDSWITH" => actual.EndsWith(value, StringComparison.OrdinalIgnoreCase),
            "ISEMPTY" => actual.Length == 0,
            "ISNOTEMPTY" => actual.Length > 0,
            _ => true,
        };
    }

    private static int Compare(string actual, string expected)
    {
        if (decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var e))
        {
            return a.CompareTo(e);
        }

        // ServiceNow times (yyyy-MM-dd HH:mm:ss) order correctly as text.
        return string.CompareOrdinal(actual, expected);
    }
}
