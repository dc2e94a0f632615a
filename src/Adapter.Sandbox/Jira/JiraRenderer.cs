using System.Globalization;
using System.Text.Json.Nodes;

namespace Adapter.Sandbox.Jira;

/// <summary>Issues, users and comments in the v3 wire format: times like
/// <c>2023-06-24T19:24:50.000-0400</c> in the account's zone, descriptions and comments in ADF.</summary>
internal sealed class JiraRenderer(string baseUrl, JiraIssueStore store, JiraSandboxOptions options)
{
    public static readonly string[] SystemFields = ["summary", "description", "status", "components", "labels", "priority", "assignee", "reporter", "created", "updated", "comment", "project", "issuetype", "resolution"];

    public string BaseUrl => baseUrl;

    public string Time(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, store.Zone);
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        return text.Remove(text.Length - 3, 1);
    }

    public JsonObject User(string accountId) => new()
    {
        ["self"] = $"{baseUrl}/rest/api/3/user?accountId={Uri.EscapeDataString(accountId)}",
        ["accountId"] = accountId,
        ["accountType"] = "atlassian",
        ["displayName"] = accountId == options.AccountId ? "Triage Adapter" : "Service Desk Agent",
        ["active"] = true,
        ["timeZone"] = options.TimeZone,
    };

    public static JsonObject Adf(string text) => new()
    {
        ["type"] = "doc",
        ["version"] = 1,
        ["content"] = new JsonArray(new JsonObject
        {
            ["type"] = "paragraph",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        }),
    };

    /// <summary>An issue with the named fields only (<c>*all</c> or <c>*navigable</c> for all); no
    /// field list gives the id alone, as the enhanced search does.</summary>
    public JsonObject Issue(JiraIssueRecord issue, IReadOnlyCollection<string>? fields, bool changelog)
    {
        var result = new JsonObject
        {
            ["expand"] = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            ["id"] = issue.Id,
            ["self"] = $"{baseUrl}/rest/api/3/issue/{issue.Id}",
            ["key"] = issue.Key,
        };
        if (fields is { Count: > 0 })
        {
            var all = fields.Contains("*all") || fields.Contains("*navigable");
            var body = new JsonObject();
            foreach (var name in SystemFields.Concat(options.CustomFields.Select(f => f.Id)))
            {
                if (all || fields.Contains(name))
                {
                    body[name] = Field(issue, name);
                }
            }

            result["fields"] = body;
        }

        if (changelog)
        {
            result["changelog"] = new JsonObject
            {
                ["startAt"] = 0,
                ["maxResults"] = issue.Histories.Count,
                ["total"] = issue.Histories.Count,
                ["histories"] = new JsonArray([.. issue.Histories.Select(History)]),
            };
        }

        return result;
    }

    public JsonObject History(JiraHistory h) => new()
    {
        ["id"] = h.Id,
        ["author"] = User(h.AuthorAccountId),
        ["created"] = Time(h.Created),
        ["items"] = new JsonArray([.. h.Items.Select(i => (JsonNode)ChangeItem(i.Field, i.From, i.To))]),
    };

    /// <summary>A <c>ChangeDetails</c> item as the site writes it: the assignee's accountIds in
    /// <c>from</c>/<c>to</c> and display names in the strings; an id that is not there is left out.
    /// The strings are always there (empty for none): the site sends null, which the document does
    /// not allow, and a validator reading a missing <c>toString</c> finds the prototype's function.</summary>
    public JsonObject ChangeItem(string field, string from, string to)
    {
        var item = new JsonObject
        {
            ["field"] = field,
            ["fieldtype"] = field.StartsWith("customfield_", StringComparison.Ordinal) ? "custom" : "jira",
            ["fieldId"] = field,
        };
        if (field == "assignee")
        {
            Side(item, "from", from, from.Length > 0 ? User(from)["displayName"]!.GetValue<string>() : "");
            Side(item, "to", to, to.Length > 0 ? User(to)["displayName"]!.GetValue<string>() : "");
        }
        else if (field == "components")
        {
            Side(item, "from", "", from);
            Side(item, "to", "", to);
        }
        else
        {
            item["fromString"] = from;
            item["toString"] = to;
        }

        return item;
    }

    private static void Side(JsonObject item, string side, string id, string text)
    {
        if (id.Length > 0)
        {
            item[side] = id;
        }

        item[side + "String"] = text;
    }

    /// <summary>The status category's key, as the site names the three categories.</summary>
    public static string CategoryKey(string category) => category switch
    {
        "Done" => "done",
        "In Progress" => "indeterminate",
        _ => "new",
    };

    public JsonObject RemoteLink(JiraIssueRecord issue, JiraRemoteLinkRecord link)
    {
        var result = new JsonObject
        {
            ["id"] = link.Id,
            ["self"] = $"{baseUrl}/rest/api/3/issue/{issue.Id}/remotelink/{link.Id}",
            ["object"] = new JsonObject { ["url"] = link.Url, ["title"] = link.Title },
        };
        if (link.GlobalId is not null)
        {
            result["globalId"] = link.GlobalId;
        }

        if (link.Relationship is not null)
        {
            result["relationship"] = link.Relationship;
        }

        return result;
    }

    public JsonObject Comment(JiraIssueRecord issue, JiraCommentRecord c) => new()
    {
        ["self"] = $"{baseUrl}/rest/api/3/issue/{issue.Id}/comment/{c.Id}",
        ["id"] = c.Id,
        ["author"] = User(c.AuthorAccountId),
        ["body"] = c.Body.DeepClone(),
        ["updateAuthor"] = User(c.AuthorAccountId),
        ["created"] = Time(c.Created),
        ["updated"] = Time(c.Created),
        ["jsdPublic"] = true,
    };

    private JsonNode? Field(JiraIssueRecord issue, string name) => name switch
    {
        "summary" => issue.Summary,
        "description" => issue.Description.Length == 0 ? null : Adf(issue.Description),
        "status" => new JsonObject { ["name"] = issue.Status, ["statusCategory"] = new JsonObject { ["key"] = CategoryKey(issue.StatusCategory), ["name"] = issue.StatusCategory } },
        "issuetype" => new JsonObject { ["name"] = issue.IssueType, ["subtask"] = false },
        "resolution" => issue.Resolution is null ? null : new JsonObject { ["name"] = issue.Resolution },
        "components" => new JsonArray([.. issue.Components.Select(c => (JsonNode)new JsonObject { ["name"] = c })]),
        "labels" => new JsonArray([.. issue.Labels.Select(l => (JsonNode)JsonValue.Create(l))]),
        "priority" => new JsonObject { ["name"] = issue.Priority, ["id"] = (Array.IndexOf(JiraIssueStore.Priorities, issue.Priority) + 1).ToString(CultureInfo.InvariantCulture) },
        "assignee" => issue.Assignee is null ? null : User(issue.Assignee),
        "reporter" => User(issue.Reporter),
        "created" => Time(issue.Created),
        "updated" => Time(issue.Updated),
        "project" => new JsonObject { ["key"] = issue.ProjectKey },
        "comment" => new JsonObject
        {
            ["comments"] = new JsonArray([.. issue.Comments.Select(c => (JsonNode)Comment(issue, c))]),
            ["maxResults"] = issue.Comments.Count,
            ["total"] = issue.Comments.Count,
            ["startAt"] = 0,
        },
        _ => issue.Custom.TryGetValue(name, out var value)
            ? options.CustomFields.First(f => f.Id == name).Type == "team" ? new JsonObject { ["id"] = value, ["name"] = value } : new JsonObject { ["value"] = value, ["id"] = value }
            : null,
    };
}
