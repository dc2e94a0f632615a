using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// The <c>Link</c> header of a list answer: <c>first</c>, <c>prev</c> (past the first page), <c>next</c>
/// (while rows remain) and <c>last</c>, each repeating the request's parameters with its own offset.
/// </summary>
internal static class PaginationLinks
{
    public static string Build(string baseUrl, string path, IReadOnlyList<KeyValuePair<string, string>> query, int offset, int limit, int total)
    {
        var links = new List<string> { Link(0, "first") };
        if (offset > 0)
        {
            links.Add(Link(Math.Max(0, offset - limit), "prev"));
        }

        if (offset + limit < total)
        {
            links.Add(Link(offset + limit, "next"));
        }

        links.Add(Link(total == 0 ? 0 : (total - 1) / limit * limit, "last"));
        return string.Join(',', links);

        string Link(int pageOffset, string rel)
        {
            var parameters = query
                .Where(p => p.Key is not ("sysparm_limit" or "sysparm_offset"))
                .Prepend(KeyValuePair.Create("sysparm_offset", pageOffset.ToString(CultureInfo.InvariantCulture)))
                .Prepend(KeyValuePair.Create("sysparm_limit", limit.ToString(CultureInfo.InvariantCulture)));
            return $"<{baseUrl}{path}?{QueryString.Encode(parameters)}>;rel=\"{rel}\"";
        }
    }
}
