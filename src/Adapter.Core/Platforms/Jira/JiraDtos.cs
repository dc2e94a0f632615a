using System.Text.Json;
using System.Text.Json.Serialization;

namespace Adapter.Core.Platforms.Jira;

/// <summary>The answer of <c>/rest/api/3/search/jql</c> (<c>SearchAndReconcileResults</c>).</summary>
public sealed class JiraSearchResult
{
    [JsonPropertyName("issues")]
    public List<JiraIssue> Issues { get; set; } = [];

    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; set; }

    [JsonPropertyName("isLast")]
    public bool? IsLast { get; set; }
}

/// <summary>An issue (<c>IssueBean</c>). <see cref="Fields"/> stays raw: custom fields are
/// site-specific, and text is read to classify and then dropped.</summary>
public sealed class JiraIssue
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("key")]
    public string Key { get; set; } = "";

    [JsonPropertyName("fields")]
    public Dictionary<string, JsonElement> Fields { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("changelog")]
    public JiraChangelogPage? Changelog { get; set; }

    /// <summary>The issue's <c>updated</c> time, or null when absent.</summary>
    public DateTimeOffset? Updated => Fields.TryGetValue("updated", out var u) && u.ValueKind == JsonValueKind.String && JiraJson.TryParseTime(u.GetString(), out var t) ? t : null;

    /// <summary>The raw <c>updated</c> string (millisecond precision), the inbox version key of a polled change.</summary>
    public string UpdatedRaw => Fields.TryGetValue("updated", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() ?? "" : "";

    public string Text(string field) => Fields.TryGetValue(field, out var value) ? value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Object => Adf.PlainText(value),
        _ => "",
    } : "";
}

/// <summary><c>PageOfChangelogs</c>: the issue's change histories (expand=changelog).</summary>
public sealed class JiraChangelogPage
{
    [JsonPropertyName("startAt")]
    public int StartAt { get; set; }

    [JsonPropertyName("maxResults")]
    public int MaxResults { get; set; }

    [JsonPropertyName("total")]
    public int Total { get; set; }

    [JsonPropertyName("histories")]
    public List<JiraChangeHistory> Histories { get; set; } = [];
}

public sealed class JiraChangeHistory
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("author")]
    public JiraUser? Author { get; set; }

    [JsonPropertyName("created")]
    [JsonConverter(typeof(JiraTimeConverter))]
    public DateTimeOffset? Created { get; set; }

    [JsonPropertyName("items")]
    public List<JiraChangeItem> Items { get; set; } = [];
}

/// <summary>One changed field of a history or a webhook's <c>changelog.items</c>.</summary>
public sealed class JiraChangeItem
{
    [JsonPropertyName("field")]
    public string Field { get; set; } = "";

    [JsonPropertyName("fieldId")]
    public string? FieldId { get; set; }

    /// <summary>The old value's id (an accountId for the assignee, a component or option id), or null.</summary>
    [JsonPropertyName("from")]
    public string? From { get; set; }

    /// <summary>The old value as text (a component name, an option value, labels joined by spaces), or null.</summary>
    [JsonPropertyName("fromString")]
    public string? FromText { get; set; }

    [JsonPropertyName("to")]
    public string? To { get; set; }

    [JsonPropertyName("toString")]
    public string? ToText { get; set; }
}

/// <summary><c>User</c> as <c>/myself</c>, authors and webhooks carry it.</summary>
public sealed class JiraUser
{
    [JsonPropertyName("accountId")]
    public string AccountId { get; set; } = "";

    [JsonPropertyName("displayName")]
    public string? DisplayName { get; set; }

    [JsonPropertyName("timeZone")]
    public string? TimeZone { get; set; }
}

/// <summary><c>FieldDetails</c> of <c>/rest/api/3/field</c>.</summary>
public sealed class JiraField
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("custom")]
    public bool Custom { get; set; }

    [JsonPropertyName("schema")]
    public JiraFieldSchema? Schema { get; set; }
}

public sealed class JiraFieldSchema
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("custom")]
    public string? Custom { get; set; }
}

/// <summary><c>IssueUpdateMetadata</c> of <c>/rest/api/3/issue/{key}/editmeta</c>: the fields on the
/// issue's edit screen that the account may set, by field id.</summary>
public sealed class JiraEditMeta
{
    [JsonPropertyName("fields")]
    public Dictionary<string, JiraFieldMeta> Fields { get; set; } = new(StringComparer.Ordinal);
}

/// <summary><c>FieldMetadata</c>: one editable field; <see cref="AllowedValues"/> stays raw (options
/// carry <c>value</c>, priorities and components <c>name</c>) and is null where the site lists none.</summary>
public sealed class JiraFieldMeta
{
    [JsonPropertyName("key")]
    public string Key { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("required")]
    public bool Required { get; set; }

    [JsonPropertyName("operations")]
    public List<string> Operations { get; set; } = [];

    [JsonPropertyName("allowedValues")]
    public List<JsonElement>? AllowedValues { get; set; }
}

/// <summary><c>IssueUpdateDetails</c>: <c>fields</c> sets single values, <c>update</c> adds and
/// removes members of multi-value fields (components, labels) without touching the others.</summary>
public sealed class JiraIssueUpdate
{
    [JsonPropertyName("fields")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, JsonElement>? Fields { get; set; }

    [JsonPropertyName("update")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, List<Dictionary<string, JsonElement>>>? Update { get; set; }
}

/// <summary>The body of an added comment: Atlassian Document Format.</summary>
public sealed class JiraNewComment
{
    [JsonPropertyName("body")]
    public JsonElement Body { get; set; }
}

/// <summary><c>Comment</c> as returned.</summary>
public sealed class JiraComment
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("author")]
    public JiraUser? Author { get; set; }

    [JsonPropertyName("body")]
    public JsonElement Body { get; set; }

    [JsonPropertyName("created")]
    [JsonConverter(typeof(JiraTimeConverter))]
    public DateTimeOffset? Created { get; set; }
}

/// <summary>The <c>comment</c> field of an issue (<c>PageOfComments</c>).</summary>
public sealed class JiraCommentPage
{
    [JsonPropertyName("comments")]
    public List<JiraComment> Comments { get; set; } = [];

    [JsonPropertyName("total")]
    public int Total { get; set; }
}

/// <summary>Jira's error body, <c>ErrorCollection</c>: <c>{"errorMessages":[…],"errors":{field: message}}</c>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The wire schema is named ErrorCollection.")]
public sealed class JiraErrorCollection
{
    [JsonPropertyName("errorMessages")]
    public List<string> ErrorMessages { get; set; } = [];

    [JsonPropertyName("errors")]
    public Dictionary<string, string> Errors { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("status")]
    public int? Status { get; set; }
}

/// <summary>The answer of <c>POST /rest/api/3/issue</c> (<c>CreatedIssue</c>).</summary>
public sealed class JiraCreatedIssue
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("key")]
    public string Key { get; set; } = "";
}

/// <summary><c>RemoteIssueLinkRequest</c>: a link from an issue to a record elsewhere. The same
/// <c>globalId</c> updates the link instead of adding a second one.</summary>
public sealed class JiraRemoteLink
{
    [JsonPropertyName("globalId")]
    public string GlobalId { get; set; } = "";

    [JsonPropertyName("relationship")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Relationship { get; set; }

    [JsonPropertyName("object")]
    public JiraRemoteObject Target { get; set; } = new();
}

public sealed class JiraRemoteObject
{
    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [JsonPropertyName("title")]
    public string Title { get; set; } = "";

    [JsonPropertyName("summary")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Summary { get; set; }
}

/// <summary><c>RemoteIssueLinkIdentifies</c>: the answer of adding or updating a remote link.</summary>
public sealed class JiraRemoteLinkCreated
{
    [JsonPropertyName("id")]
    public long Id { get; set; }
}
