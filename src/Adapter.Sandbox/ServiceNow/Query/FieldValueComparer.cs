using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>Compares the string values of a field by its kind: numbers as numbers, date-times as date-times.</summary>
internal static class FieldValueComparer
{
    /// <returns>
    /// The order of the two values, or <see langword="null"/> when either is not a value of the kind
    /// (an empty date, say), which no ordering operator matches.
    /// </returns>
    public static int? CompareTyped(string left, string right, FieldKind kind) => kind switch
    {
        FieldKind.Number => TryNumber(left, out var l) && TryNumber(right, out var r) ? l.CompareTo(r) : null,
        FieldKind.DateTime => GlideDateTime.TryParse(left, out var a) && GlideDateTime.TryParse(right, out var b) ? a.CompareTo(b) : null,
        _ => string.CompareOrdinal(left, right),
    };

    /// <summary>Equality as the instance's database sees it: typed where both parse, otherwise case-insensitive text.</summary>
    public static bool AreEqual(string left, string right, FieldKind kind) =>
        kind != FieldKind.Text && CompareTyped(left, right, kind) is { } order
            ? order == 0
            : string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sort order: typed where both parse; empty or unparseable values first, as the instance sorts them.</summary>
    public static int CompareForSort(string left, string right, FieldKind kind)
    {
        if (CompareTyped(left, right, kind) is { } order)
        {
            return order;
        }

        var leftValid = IsValid(left, kind);
        var rightValid = IsValid(right, kind);
        return leftValid == rightValid ? string.CompareOrdinal(left, right) : leftValid ? 1 : -1;
    }

    public static bool IsValid(string value, FieldKind kind) => kind switch
    {
        FieldKind.Number => TryNumber(value, out _),
        FieldKind.DateTime => GlideDateTime.TryParse(value, out _),
        _ => true,
    };

    private static bool TryNumber(string value, out decimal number) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out number);
}
