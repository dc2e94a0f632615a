using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Jira;

/// <summary>The REST v3 subset: enhanced JQL search, create, get and edit issue, edit screen
/// (editmeta), add comment, remote links, myself, field list.</summary>
internal sealed partial class JiraApiHandler(JiraIssueStore store, JiraRenderer render, JiraSandboxOptions options, Action<JiraIssueRecord, string, string, IReadOnlyList<(string Field, string From, string To)>> changed)
{
    public const string PathPrefix = "/rest/api/3/";

    public SandboxResponse Handle(SandboxRequest request, string account)
    {
        var path = request.Path;
        if (path == "/rest/api/3/search/jql" && request.Method == "GET")
        {
            return Search(request);
        }

        if (path == "/rest/api/3/myself" && request.Method == "GET")
        {
            return Ok(render.User(account));
        }

        if (path == "/rest/api/3/field" && request.Method == "GET")
        {
            return Ok(Fields());
        }

        if (path == "/rest/api/3/issue" && request.Method == "POST")
        {
            return Create(request, account);
        }

        var match = IssuePath().Match(path);
        if (!match.Success)
        {
            return JiraSandboxErrors.Error(404, "The requested resource was not found.");
        }

        var issue = store.Find(Uri.UnescapeDataString(match.Groups["id"].Value));
        if (issue is null)
        {
            return JiraSandboxErrors.Error(404, "Issue does not exist or you do not have permission to see it.");
        }

        var sub = match.Groups["sub"].Success ? match.Groups["sub"].Value : "";
        return (request.Method, sub) switch
        {
            ("GET", "") => Get(issue, request),
            ("GET", "editmeta") => Ok(EditMeta()),
            ("PUT", "") => Edit(issue, request, account),
            ("POST", "comment") => AddComment(issue, request, account),
            ("POST", "remotelink") => PutRemoteLink(issue, request),
            ("GET", "remotelink") => RemoteLinks(issue),
            _ => JiraSandboxErrors.Error(405, $"{request.Method} is not supported by the sandbox here."),
        };
    }

    private SandboxResponse Search(SandboxRequest request)
    {
        var query = JiraJql.Parse(request.Query.First("jql"), store.Zone, store.ProjectExists, out var error);
        if (error is not null)
        {
            return JiraSandboxErrors.Error(400, error);
        }

        var max = int.TryParse(request.Query.First("maxResults"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? Math.Clamp(m, 1, 5000) : 50;
        var token = request.Query.First("nextPageToken");
        var offset = 0;
        if (!string.IsNullOrEmpty(token))
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':')[1], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException)
            {
                return JiraSandboxErrors.Error(400, "The provided next page token is invalid or expired.");
            }
        }

        var fields = FieldList(request);
        JiraIssueRecord[] matching;
        lock (store.Gate)
        {
            var ordered = store.All.Where(query.Matches);
            ordered = query.Descending ? ordered.OrderByDescending(i => i.Updated).ThenByDescending(i => int.Parse(i.Id, CultureInfo.InvariantCulture))
                : ordered.OrderBy(i => i.Updated).ThenBy(i => int.Parse(i.Id, CultureInfo.InvariantCulture));
            matching = [.. ordered];
        }

        var page = matching.Skip(offset).Take(max).ToList();
        var isLast = offset + page.Count >= matching.Length;
        JsonArray issues;
        lock (store.Gate)
        {
            issues = new JsonArray([.. page.Select(i => (JsonNode)render.Issue(i, fields, changelog: false))]);
        }

        var body = new JsonObject { ["issues"] = issues, ["isLast"] = isLast };
        if (!isLast)
        {
            body["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset + page.Count}"));
        }

        return Ok(body);
    }

    private SandboxResponse Get(JiraIssueRecord issue, SandboxRequest request)
    {
        var fields = FieldList(request);
        var expand = request.Query.First("expand") ?? "";
        lock (store.Gate)
        {
            return Ok(render.Issue(issue, fields.Count == 0 ? ["*all"] : fields, expand.Split(',').Contains("changelog", StringComparer.Ordinal)));
        }
    }

    private SandboxResponse Edit(JiraIssueRecord issue, SandboxRequest request, string account)
    {
        if (ParseBody(request) is not JsonObject body)
        {
            return JiraSandboxErrors.Error(400, "Unexpected character in the request body: it is not valid JSON.");
        }

        var notify = request.Query.First("notifyUsers");
        if (notify is not null and not ("true" or "false"))
        {
            return JiraSandboxErrors.Error(400, "notifyUsers must be true or false.");
        }

        var result = store.Edit(issue, body, account);
        if (result.Errors is not null)
        {
            return JiraSandboxErrors.Fields(result.Errors);
        }

        if (result.Items.Count > 0)
        {
            changed(issue, "jira:issue_updated", account, result.Items);
        }

        return new SandboxResponse(204, null);
    }

    private SandboxResponse Create(SandboxRequest request, string account)
    {
        if (ParseBody(request) is not JsonObject body)
        {
            return JiraSandboxErrors.Error(400, "Unexpected character in the request body: it is not valid JSON.");
        }

        var (issue, errors) = store.Create(body, account);
        if (errors is not null)
        {
            return JiraSandboxErrors.Fields(errors);
        }

        changed(issue!, "jira:issue_created", account, []);
        return new SandboxResponse(201, new JsonObject { ["id"] = issue!.Id, ["key"] = issue.Key, ["self"] = $"{render.BaseUrl}/rest/api/3/issue/{issue.Id}" });
    }

    private SandboxResponse PutRemoteLink(JiraIssueRecord issue, SandboxRequest request)
    {
        if (ParseBody(request) is not JsonObject body || body["object"] is not JsonObject target
            || target["url"]?.GetValue<string>() is not { Length: > 0 } url || target["title"]?.GetValue<string>() is not { Length: > 0 } title)
        {
            return JiraSandboxErrors.Fields(new Dictionary<string, string> { ["object"] = "A remote link needs object.url and object.title." });
        }

        var (link, created) = store.PutRemoteLink(issue, body["globalId"]?.GetValue<string>(), url, title, body["relationship"]?.GetValue<string>());
        return new SandboxResponse(created ? 201 : 200, new JsonObject { ["id"] = link.Id, ["self"] = $"{render.BaseUrl}/rest/api/3/issue/{issue.Id}/remotelink/{link.Id}" });
    }

    private SandboxResponse RemoteLinks(JiraIssueRecord issue)
    {
        lock (store.Gate)
        {
            return Ok(new JsonArray([.. issue.RemoteLinks.Select(l => (JsonNode)render.RemoteLink(issue, l))]));
        }
    }

    private SandboxResponse AddComment(JiraIssueRecord issue, SandboxRequest request, string account)
    {
        if (ParseBody(request) is not JsonObject body || body["body"] is not JsonObject adf || adf["type"]?.GetValue<string>() != "doc")
        {
            return JiraSandboxErrors.Fields(new Dictionary<string, string> { ["comment"] = "Comment body is not valid Atlassian Document Format." });
        }

        var comment = store.AddComment(issue, adf, account);
        changed(issue, "comment_created", account, []);
        lock (store.Gate)
        {
            return new SandboxResponse(201, render.Comment(issue, comment));
        }
    }

    private JsonArray Fields()
    {
        var list = new JsonArray();
        foreach (var name in JiraRenderer.SystemFields)
        {
            list.Add(new JsonObject
            {
                ["id"] = name,
                ["key"] = name,
                ["name"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name),
                ["custom"] = false,
                ["orderable"] = true,
                ["navigable"] = true,
                ["searchable"] = true,
                ["clauseNames"] = new JsonArray(name),
                ["schema"] = new JsonObject { ["type"] = name switch { "components" or "labels" => "array", "priority" => "priority", "assignee" or "reporter" => "user", "created" or "updated" => "datetime", _ => "string" }, ["system"] = name },
            });
        }

        foreach (var field in options.CustomFields)
        {
            var number = field.Id["customfield_".Length..];
            list.Add(new JsonObject
            {
                ["id"] = field.Id,
                ["key"] = field.Id,
                ["name"] = field.Name,
                ["custom"] = true,
                ["orderable"] = true,
                ["navigable"] = true,
                ["searchable"] = true,
                ["clauseNames"] = new JsonArray($"cf[{number}]", field.Name),
                ["schema"] = new JsonObject
                {
                    ["type"] = field.Type,
                    ["custom"] = field.Type == "team" ? "com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team" : "com.atlassian.jira.plugin.system.customfieldtypes:select",
                    ["customId"] = int.Parse(number, CultureInfo.InvariantCulture),
                },
            });
        }

        return list;
    }

    /// <summary><c>IssueUpdateMetadata</c>: the editable system fields and the site's custom fields,
    /// less those left off the screen, with allowed values for components, priority and select options.</summary>
    private JsonObject EditMeta()
    {
        JsonObject Meta(string id, string name, JsonObject schema, string[] operations, JsonArray? allowed = null)
        {
            var meta = new JsonObject
            {
                ["required"] = id == "summary",
                ["schema"] = schema,
                ["name"] = name,
                ["key"] = id,
                ["operations"] = new JsonArray([.. operations.Select(o => (JsonNode)JsonValue.Create(o))]),
            };
            if (allowed is not null)
            {
                meta["allowedValues"] = allowed;
            }

            if (id is "labels" or "assignee")
            {
                meta["autoCompleteUrl"] = id == "labels" ? $"{render.BaseUrl}/rest/api/1.0/labels/suggest?query=" : $"{render.BaseUrl}/rest/api/3/user/assignable/search?query=";
            }

            return meta;
        }

        JsonObject System(string type, string id, string? items = null)
        {
            var schema = new JsonObject { ["type"] = type, ["system"] = id };
            if (items is not null)
            {
                schema["items"] = items;
            }

            return schema;
        }

        var components = store.ProjectComponents;
        var fields = new JsonObject
        {
            ["summary"] = Meta("summary", "Summary", System("string", "summary"), ["set"]),
            ["description"] = Meta("description", "Description", System("string", "description"), ["set"]),
            ["components"] = Meta("components", "Components", System("array", "components", "component"), ["add", "set", "remove"],
                new JsonArray([.. components.Select((c, i) => (JsonNode)new JsonObject
                {
                    ["self"] = $"{render.BaseUrl}/rest/api/3/component/{10000 + i}",
                    ["id"] = (10000 + i).ToString(CultureInfo.InvariantCulture),
                    ["name"] = c,
                })])),
            ["labels"] = Meta("labels", "Labels", System("array", "labels", "string"), ["add", "set", "remove"]),
            ["priority"] = Meta("priority", "Priority", System("priority", "priority"), ["set"],
                new JsonArray([.. JiraIssueStore.Priorities.Select((p, i) => (JsonNode)new JsonObject
                {
                    ["self"] = $"{render.BaseUrl}/rest/api/3/priority/{i + 1}",
                    ["name"] = p,
                    ["id"] = (i + 1).ToString(CultureInfo.InvariantCulture),
                })])),
            ["assignee"] = Meta("assignee", "Assignee", System("user", "assignee"), ["set"]),
        };
        foreach (var field in options.CustomFields)
        {
            var number = int.Parse(field.Id["customfield_".Length..], CultureInfo.InvariantCulture);
            var schema = new JsonObject
            {
                ["type"] = field.Type,
                ["custom"] = field.Type == "team" ? "com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team" : "com.atlassian.jira.plugin.system.customfieldtypes:select",
                ["customId"] = number,
            };
            fields[field.Id] = Meta(field.Id, field.Name, schema, ["set"], field.Type == "team" ? null
                : new JsonArray([.. field.AllowedValues.Select((v, i) => (JsonNode)new JsonObject
                {
                    ["self"] = $"{render.BaseUrl}/rest/api/3/customFieldOption/{number * 100 + i}",
                    ["value"] = v,
                    ["id"] = (number * 100 + i).ToString(CultureInfo.InvariantCulture),
                })]));
        }

        foreach (var id in options.FieldsOffScreen)
        {
            fields.Remove(id);
        }

        return new JsonObject { ["fields"] = fields };
    }

    private static List<string> FieldList(SandboxRequest request) =>
        [.. request.Query.Where(q => q.Key == "fields").SelectMany(q => q.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static JsonNode? ParseBody(SandboxRequest request)
    {
        try
        {
            return string.IsNullOrEmpty(request.Body) ? null : JsonNode.Parse(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SandboxResponse Ok(JsonNode body) => new(200, body);

    [GeneratedRegex(@"^/rest/api/3/issue/(?<id>[^/]+)(/(?<sub>comment|remotelink|editmeta))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IssuePath();
}

/// <summary>The site's <c>ErrorCollection</c> answers.</summary>
internal static class JiraSandboxErrors
{
    public static SandboxResponse Error(int status, string message) =>
        new(status, new JsonObject { ["errorMessages"] = new JsonArray(message), ["errors"] = new JsonObject() });

    public static SandboxResponse Fields(IReadOnlyDictionary<string, string> errors) =>
        new(400, new JsonObject { ["errorMessages"] = new JsonArray(), ["errors"] = new JsonObject([.. errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]) });
}
