using System.Globalization;
using System.Text.RegularExpressions;

namespace Adapter.Sandbox.Jira;

/// <summary>The JQL subset the sandbox understands: clauses joined by AND (parentheses allowed) of
/// <c>id</c>/<c>key</c>, <c>project</c>, <c>status</c>, <c>statusCategory</c> (name or key), <c>labels</c> with <c>=</c>/<c>!=</c>, and <c>updated</c>
/// with <c>&gt;=</c>/<c>&gt;</c>/<c>&lt;=</c>/<c>&lt;</c> and a <c>"yyyy/MM/dd HH:mm"</c> date read in the
/// account's time zone; <c>ORDER BY updated ASC|DESC</c>. Anything else is a 400, as the site answers.</summary>
internal sealed partial class JiraJql
{
    private readonly List<Func<JiraIssueRecord, bool>> _clauses = [];

    public bool Descending { get; private set; }

    public static JiraJql Parse(string? jql, TimeZoneInfo zone, Func<string, bool> projectExists, out string? error)
    {
        var query = new JiraJql();
        error = null;
        var text = (jql ?? "").Trim();
        var order = OrderBy().Match(text);
        if (order.Success)
        {
            if (!string.Equals(order.Groups["field"].Value, "updated", StringComparison.OrdinalIgnoreCase))
            {
                error = $"Not able to sort using field '{order.Groups["field"].Value}'.";
                return query;
            }

            query.Descending = string.Equals(order.Groups["dir"].Value, "DESC", StringComparison.OrdinalIgnoreCase);
            text = text[..order.Index].Trim();
        }

        if (text.Length == 0)
        {
            return query;
        }

        foreach (var raw in Regex.Split(text.Replace("(", " ", StringComparison.Ordinal).Replace(")", " ", StringComparison.Ordinal), @"\s+AND\s+", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
        {
            var clause = Clause().Match(raw.Trim());
            if (!clause.Success)
            {
                error = $"Error in the JQL Query: unable to parse '{raw.Trim()}'.";
                return query;
            }

            var field = clause.Groups["field"].Value.ToLowerInvariant();
            var op = clause.Groups["op"].Value;
            var value = clause.Groups["value"].Value.Trim().Trim('"');
            switch (field)
            {
                case "id" or "issue" or "issuekey" or "key" when op is "=" or "!=":
                    query._clauses.Add(i => (string.Equals(i.Id, value, StringComparison.Ordinal) || string.Equals(i.Key, value, StringComparison.OrdinalIgnoreCase)) == (op == "="));
                    break;
                case "project" when op is "=" or "!=":
                    if (!projectExists(value))
                    {
                        error = $"The value '{value}' does not exist for the field 'project'.";
                        return query;
                    }

                    query._clauses.Add(i => string.Equals(i.ProjectKey, value, StringComparison.OrdinalIgnoreCase) == (op == "="));
                    break;
                case "status" when op is "=" or "!=":
                    query._clauses.Add(i => string.Equals(i.Status, value, StringComparison.OrdinalIgnoreCase) == (op == "="));
                    break;
                case "statuscategory" when op is "=" or "!=":
                    query._clauses.Add(i => (string.Equals(i.StatusCategory, value, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(JiraRenderer.CategoryKey(i.StatusCategory), value, StringComparison.OrdinalIgnoreCase)) == (op == "="));
                    break;
                case "labels" when op is "=" or "!=":
                    query._clauses.Add(i => i.Labels.Contains(value, StringComparer.Ordinal) == (op == "="));
                    break;
                case "updated" when op is ">=" or ">" or "<=" or "<":
                    if (!DateTime.TryParseExact(value, ["yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm", "yyyy/MM/dd", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                    {
                        error = $"Date value '{value}' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";
                        return query;
                    }

                    // Minute precision: a JQL date is the start of that minute in the account's zone.
                    var bound = new DateTimeOffset(local, zone.GetUtcOffset(local));
                    query._clauses.Add(op switch
                    {
                        ">=" => i => i.Updated >= bound,
                        ">" => i => i.Updated > bound,
                        "<=" => i => i.Updated <= bound,
                        _ => i => i.Updated < bound,
                    });
                    break;
                default:
                    error = $"Field '{clause.Groups["field"].Value}' does not exist or you do not have permission to view it.";
                    return query;
            }
        }

        return query;
    }

    public bool Matches(JiraIssueRecord issue) => _clauses.All(c => c(issue));

    [GeneratedRegex(@"\s*ORDER\s+BY\s+(?<field>\w+)(\s+(?<dir>ASC|DESC))?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrderBy();

    [GeneratedRegex(@"^(?<field>\w+)\s*(?<op>!=|>=|<=|=|>|<)\s*(?<value>""[^""]*""|\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Clause();
}
