using Refit;

namespace Adapter.Core.Platforms.Jira;

/// <summary>The subset of the Jira Cloud platform REST API v3 the adapter uses.</summary>
public interface IJiraApi
{
    /// <summary>Enhanced JQL search, paged by <c>nextPageToken</c> until <c>isLast</c>; without
    /// <c>fields</c> it returns ids only.</summary>
    [Get("/rest/api/3/search/jql")]
    Task<IApiResponse<JiraSearchResult>> SearchAsync(
        string jql,
        int maxResults,
        string fields,
        string? nextPageToken,
        CancellationToken cancellationToken);

    [Get("/rest/api/3/issue/{issueIdOrKey}")]
    Task<IApiResponse<JiraIssue>> GetIssueAsync(
        string issueIdOrKey,
        string fields,
        string? expand,
        CancellationToken cancellationToken);

    /// <summary>Edits an issue; 204 on success, 409 when the update conflicts.
    /// <paramref name="notifyUsers"/> is <c>true</c> or <c>false</c> (lower case, as the document's boolean).</summary>
    /// <summary>The fields on the issue's edit screen that the account may set, with their allowed
    /// values where the site lists them: a field missing here is refused by an edit with 400.</summary>
    [Get("/rest/api/3/issue/{issueIdOrKey}/editmeta")]
    Task<IApiResponse<JiraEditMeta>> EditMetaAsync(
        string issueIdOrKey,
        CancellationToken cancellationToken);

    [Put("/rest/api/3/issue/{issueIdOrKey}")]
    Task<IApiResponse> EditIssueAsync(
        string issueIdOrKey,
        [Body] JiraIssueUpdate update,
        string notifyUsers,
        CancellationToken cancellationToken);

    /// <summary>Creates an issue (escalations); 201 with its id and key.</summary>
    [Post("/rest/api/3/issue")]
    Task<IApiResponse<JiraCreatedIssue>> CreateIssueAsync(
        [Body] JiraIssueUpdate issue,
        CancellationToken cancellationToken);

    /// <summary>Adds a remote link, or updates the one with the same <c>globalId</c>.</summary>
    [Post("/rest/api/3/issue/{issueIdOrKey}/remotelink")]
    Task<IApiResponse<JiraRemoteLinkCreated>> AddRemoteLinkAsync(
        string issueIdOrKey,
        [Body] JiraRemoteLink link,
        CancellationToken cancellationToken);

    [Post("/rest/api/3/issue/{issueIdOrKey}/comment")]
    Task<IApiResponse<JiraComment>> AddCommentAsync(
        string issueIdOrKey,
        [Body] JiraNewComment comment,
        CancellationToken cancellationToken);

    /// <summary>The adapter's own account: its accountId (loop prevention) and time zone (JQL dates).</summary>
    [Get("/rest/api/3/myself")]
    Task<IApiResponse<JiraUser>> MyselfAsync(CancellationToken cancellationToken);

    /// <summary>Every system and custom field of the site, to check the configured field ids.</summary>
    [Get("/rest/api/3/field")]
    Task<IApiResponse<List<JiraField>>> FieldsAsync(CancellationToken cancellationToken);
}
