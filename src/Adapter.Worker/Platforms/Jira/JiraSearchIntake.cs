using Adapter.Core.Platforms.Jira;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>One paged JQL search, bounded below by <c>updated &gt;= <see cref="LowerBound"/></c> and
/// ordered by <c>updated</c>, read into the inbox: each page is queued together with the watermark
/// that <see cref="Watermark"/> makes of the highest <c>updated</c> so far. Both Jira polls use it:
/// the triage poll (<see cref="JiraPlatform"/>) and the poll of escalated issues.</summary>
/// <param name="InboxPlatform">The inbox's platform name, which also keys the watermark.</param>
/// <param name="Jql">The whole query, bound and order included.</param>
/// <param name="Action">What the pass does, for error messages ("poll escalated issues").</param>
/// <param name="Item">The inbox item for an issue and its <c>updated</c>, or null to skip it.</param>
internal sealed record JiraSearchPass(
    string InboxPlatform,
    string Jql,
    string Fields,
    int PageSize,
    string Action,
    DateTimeOffset Floor,
    TimeSpan Overlap,
    string LowerBound,
    Func<JiraIssue, DateTimeOffset, InboxItem?> Item,
    Func<DateTimeOffset, string> Watermark)
{
    /// <summary>Runs the pass; returns the items queued and the highest <c>updated</c> seen (at
    /// least <see cref="Floor"/>). A real site drops a JQL clause it cannot apply and answers the
    /// rest: an issue older than the bound allows stops the pass rather than queue the whole scope.</summary>
    public async Task<(int Queued, DateTimeOffset Highest)> QueueAsync(IJiraApi api, IAdapterStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(store);
        var oldestAllowed = JiraWatermark.OldestAllowed(Floor, Overlap);
        var queued = 0;
        var highest = Floor;
        string? token = null;
        do
        {
            using var response = await api.SearchAsync(Jql, PageSize, Fields, token, cancellationToken);
            PlatformCallException.ThrowIfFailed(response, "Jira", Action, JiraErrors.Describe);
            var page = response.Content ?? new JiraSearchResult();
            var items = new List<InboxItem>(page.Issues.Count);
            foreach (var issue in page.Issues)
            {
                if (issue.Updated is not { } updated || updated < oldestAllowed)
                {
                    throw new InvalidOperationException($"Jira {Action}: issue {issue.Id} came back updated at {issue.UpdatedRaw}, before the JQL bound {LowerBound}; the query was not applied as written.");
                }

                highest = updated > highest ? updated : highest;
                if (Item(issue, updated) is { } item)
                {
                    items.Add(item);
                }
            }

            queued += await store.EnqueuePageAsync(InboxPlatform, items, Watermark(highest), cancellationToken);
            token = page.IsLast == true || string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (token is not null);

        return (queued, highest);
    }
}
