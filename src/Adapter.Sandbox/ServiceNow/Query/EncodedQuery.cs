namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// A parsed <c>sysparm_query</c>: clauses that must all hold, each a list of conditions of which one must
/// hold (<c>^OR</c>), then the sort order. Terms that could not be parsed are in <see cref="IgnoredTerms"/>.
/// </summary>
internal sealed class EncodedQuery(
    IReadOnlyList<IReadOnlyList<QueryCondition>> clauses,
    IReadOnlyList<QueryOrder> orders,
    IReadOnlyList<string> ignoredTerms)
{
    public IReadOnlyList<IReadOnlyList<QueryCondition>> Clauses { get; } = clauses;

    public IReadOnlyList<QueryOrder> Orders { get; } = orders;

    public IReadOnlyList<string> IgnoredTerms { get; } = ignoredTerms;

    /// <summary>Filters and sorts; rows that compare equal keep their table order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Apply(IEnumerable<IReadOnlyDictionary<string, string>> rows)
    {
        var matching = rows.Where(row => Clauses.All(clause => clause.Any(condition => condition.Matches(row))));
        return Orders.Count == 0 ? [.. matching] : [.. matching.Order(Comparer<IReadOnlyDictionary<string, string>>.Create(CompareRows))];
    }

    private int CompareRows(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        foreach (var order in Orders)
        {
            var result = FieldValueComparer.CompareForSort(
                left.GetValueOrDefault(order.Field, string.Empty),
                right.GetValueOrDefault(order.Field, string.Empty),
                order.Kind);
            if (result != 0)
            {
                return order.Descending ? -result : result;
            }
        }

        return 0;
    }
}
