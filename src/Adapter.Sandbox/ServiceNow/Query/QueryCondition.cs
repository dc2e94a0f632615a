namespace Adapter.Sandbox.ServiceNow;

/// <summary>One condition of an encoded query, such as <c>sys_updated_on&gt;=2024-01-31 08:00:00</c>.</summary>
internal sealed class QueryCondition
{
    private readonly string[] _values;

    public QueryCondition(string field, QueryOperator op, string value, FieldKind kind)
    {
        Field = field;
        Operator = op;
        Value = value;
        Kind = kind;
        _values = op is QueryOperator.In or QueryOperator.NotIn
            ? value.Split(',', StringSplitOptions.TrimEntries)
            : [value];
    }

    public string Field { get; }

    public QueryOperator Operator { get; }

    public string Value { get; }

    public FieldKind Kind { get; }

    public bool Matches(IReadOnlyDictionary<string, string> row)
    {
        var actual = row.TryGetValue(Field, out var value) ? value : string.Empty;
        return Operator switch
        {
            QueryOperator.Equal => FieldValueComparer.AreEqual(actual, Value, Kind),
            // Like SQL, "is not" never matches an empty value (a well-known instance behaviour).
            QueryOperator.NotEqual => actual.Length > 0 && !FieldValueComparer.AreEqual(actual, Value, Kind),
            QueryOperator.GreaterThan => FieldValueComparer.CompareTyped(actual, Value, Kind) > 0,
            QueryOperator.GreaterOrEqual => FieldValueComparer.CompareTyped(actual, Value, Kind) >= 0,
            QueryOperator.LessThan => FieldValueComparer.CompareTyped(actual, Value, Kind) < 0,
            QueryOperator.LessOrEqual => FieldValueComparer.CompareTyped(actual, Value, Kind) <= 0,
            QueryOperator.Like => actual.Contains(Value, StringComparison.OrdinalIgnoreCase),
            QueryOperator.NotLike => !actual.Contains(Value, StringComparison.OrdinalIgnoreCase),
            QueryOperator.StartsWith => actual.StartsWith(Value, StringComparison.OrdinalIgnoreCase),
            QueryOperator.EndsWith => actual.EndsWith(Value, StringComparison.OrdinalIgnoreCase),
            QueryOperator.In => _values.Any(v => FieldValueComparer.AreEqual(actual, v, Kind)),
            QueryOperator.NotIn => actual.Length > 0 && !_values.Any(v => FieldValueComparer.AreEqual(actual, v, Kind)),
            QueryOperator.IsEmpty => actual.Length == 0,
            QueryOperator.IsNotEmpty => actual.Length > 0,
            _ => false,
        };
    }
}
