using System.Text.RegularExpressions;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// Parses an encoded query (<c>sysparm_query</c>) against a table's fields. As on a real instance, a term
/// naming an unknown field or that cannot be read is dropped without an error, and the rest still apply;
/// dropped terms are reported so that tests can see them.
/// </summary>
internal static partial class EncodedQueryParser
{
    private const string OrderByDescending = "ORDERBYDESC";
    private const string OrderBy = "ORDERBY";
    private const string OrPrefix = "OR";

    public static EncodedQuery Parse(string? text, TableSchema schema)
    {
        var clauses = new List<List<QueryCondition>>();
        var orders = new List<QueryOrder>();
        var ignored = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return new EncodedQuery([], [], []);
        }

        foreach (var term in text.Split('^'))
        {
            // "EQ" closes a query built by the list UI; an empty term comes from a doubled or trailing caret.
            if (term.Length == 0 || term == "EQ")
            {
                continue;
            }

            if (term.StartsWith(OrderBy, StringComparison.Ordinal))
            {
                var descending = term.StartsWith(OrderByDescending, StringComparison.Ordinal);
                var field = term[(descending ? OrderByDescending : OrderBy).Length..];
                if (schema.IsKnown(field))
                {
                    orders.Add(new QueryOrder(field, descending, schema.KindOf(field)));
                }
                else
                {
                    ignored.Add(term);
                }

                continue;
            }

            var isOr = term.StartsWith(OrPrefix, StringComparison.Ordinal);
            var condition = ParseCondition(isOr ? term[OrPrefix.Length..] : term, schema);
            if (condition is null)
            {
                ignored.Add(term);
            }
            else if (isOr && clauses.Count > 0)
            {
                clauses[^1].Add(condition);
            }
            else
            {
                clauses.Add([condition]);
            }
        }

        return new EncodedQuery(clauses, orders, ignored);
    }

    private static QueryCondition? ParseCondition(string term, TableSchema schema)
    {
        var match = Condition().Match(term);
        if (!match.Success)
        {
            return null;
        }

        var field = match.Groups["field"].Value;
        var value = match.Groups["value"].Value;
        if (!schema.IsKnown(field) || ToOperator(match.Groups["op"].Value) is not { } op)
        {
            return null;
        }

        if (op is QueryOperator.IsEmpty or QueryOperator.IsNotEmpty)
        {
            return value.Length == 0 ? new QueryCondition(field, op, value, schema.KindOf(field)) : null;
        }

        var kind = schema.KindOf(field);
        if (kind == FieldKind.DateTime && GlideDateTime.TryParseQueryValue(value, out var instant))
        {
            value = GlideDateTime.Format(new DateTimeOffset(instant, TimeSpan.Zero));
        }
        else if (kind != FieldKind.Text && IsOrdering(op) && !FieldValueComparer.IsValid(value, kind))
        {
            // A date or number comparison with a value that is neither cannot be evaluated.
            return null;
        }

        return new QueryCondition(field, op, value, kind);
    }

    private static bool IsOrdering(QueryOperator op) =>
        op is QueryOperator.GreaterThan or QueryOperator.GreaterOrEqual or QueryOperator.LessThan or QueryOperator.LessOrEqual;

    private static QueryOperator? ToOperator(string token) => token switch
    {
        "=" => QueryOperator.Equal,
        "!=" => QueryOperator.NotEqual,
        ">" => QueryOperator.GreaterThan,
        ">=" => QueryOperator.GreaterOrEqual,
        "<" => QueryOperator.LessThan,
        "<=" => QueryOperator.LessOrEqual,
        "LIKE" => QueryOperator.Like,
        "NOT LIKE" => QueryOperator.NotLike,
        "STARTSWITH" => QueryOperator.StartsWith,
        "ENDSWITH" => QueryOperator.EndsWith,
        "IN" => QueryOperator.In,
        "NOT IN" => QueryOperator.NotIn,
        "ISEMPTY" => QueryOperator.IsEmpty,
        "ISNOTEMPTY" => QueryOperator.IsNotEmpty,
        // INSTANCEOF is matched (so it is not read as IN + "STANCEOF...") but not supported: the term is dropped.
        _ => null,
    };

    // Field names are lower case (dot-walks included, and then unknown); operators are symbols or upper case.
    [GeneratedRegex(@"^(?<field>[a-z0-9_.]+)(?<op>ISNOTEMPTY|ISEMPTY|STARTSWITH|ENDSWITH|NOT LIKE|LIKE|NOT IN|INSTANCEOF|IN|!=|>=|<=|=|>|<)(?<value>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Condition();
}
