using System.Globalization;
using System.Text.Json.Nodes;

namespace Adapter.Sandbox.Jira;

internal sealed record JiraHistory(string Id, string AuthorAccountId, DateTimeOffset Created, IReadOnlyList<(string Field, string From, string To)> Items);

internal sealed record JiraCommentRecord(string Id, string AuthorAccountId, JsonNode Body, DateTimeOffset Created);

/// <summary>A remote link on an issue (<c>POST /issue/{id}/remotelink</c>): one per <c>globalId</c>.</summary>
internal sealed record JiraRemoteLinkRecord(long Id, string? GlobalId, string Url, string Title, string? Relationship);

/// <summary>One issue as the sandbox holds it.</summary>
internal sealed class JiraIssueRecord
{
    public required string Id { get; init; }

    public required string Key { get; init; }

    public required string ProjectKey { get; init; }

    public string Summary { get; set; } = "";

    public string Description { get; set; } = "";

    public string Status { get; set; } = "To Do";

    public string StatusCategory { get; set; } = "To Do";

    public string IssueType { get; set; } = "Task";

    public string? Resolution { get; set; }

    public List<JiraRemoteLinkRecord> RemoteLinks { get; } = [];

    public List<string> Components { get; } = [];

    public List<string> Labels { get; } = [];

    public string Priority { get; set; } = "Medium";

    public string? Assignee { get; set; }

    public Dictionary<string, string> Custom { get; } = new(StringComparer.Ordinal);

    public required string Reporter { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Updated { get; set; }

    public List<JiraHistory> Histories { get; } = [];

    public List<JiraCommentRecord> Comments { get; } = [];
}

/// <summary>The result of applying an edit: an error collection (400) or the changed items.</summary>
internal sealed record EditResult(Dictionary<string, string>? Errors, IReadOnlyList<(string Field, string From, string To)> Items);

/// <summary>Issues in memory, edited as the site edits them: one history per edit that changes
/// anything, none for comments; <c>updated</c> moves on both.</summary>
internal sealed class JiraIssueStore(JiraSandboxOptions options, TimeZoneInfo zone)
{
    public static readonly string[] Priorities = ["Highest", "High", "Medium", "Low", "Lowest"];

    private readonly Lock _gate = new();
    private readonly List<JiraIssueRecord> _issues = [];
    private readonly HashSet<string> _components = new(StringComparer.Ordinal);
    private int _nextId = 10000;
    private readonly Dictionary<string, int> _numbers = new(StringComparer.OrdinalIgnoreCase);
    private int _nextHistory = 20000;
    private int _nextComment = 30000;
    private long _nextRemoteLink = 40000;
    private DateTimeOffset _last;

    public Lock Gate => _gate;

    public IEnumerable<JiraIssueRecord> All => _issues;

    public TimeZoneInfo Zone => zone;

    public void AddComponent(string name)
    {
        lock (_gate)
        {
            _components.Add(name);
        }
    }

    /// <summary>The project's components, by name.</summary>
    public IReadOnlyList<string> ProjectComponents
    {
        get
        {
            lock (_gate)
            {
                return [.. _components.Order(StringComparer.Ordinal)];
            }
        }
    }

    public JiraIssueRecord Add(string summary, string description, string reporter) => Add(options.ProjectKey, "Task", summary, description, reporter);

    public bool ProjectExists(string key) =>
        string.Equals(key, options.ProjectKey, StringComparison.OrdinalIgnoreCase) || options.Projects.Contains(key, StringComparer.OrdinalIgnoreCase);

    public JiraIssueRecord Add(string projectKey, string issueType, string summary, string description, string reporter)
    {
        lock (_gate)
        {
            var now = Now();
            var number = _numbers.TryGetValue(projectKey, out var n) ? n : 1;
            _numbers[projectKey] = number + 1;
            var issue = new JiraIssueRecord
            {
                Id = (_nextId++).ToString(CultureInfo.InvariantCulture),
                Key = $"{projectKey.ToUpperInvariant()}-{number}",
                ProjectKey = projectKey.ToUpperInvariant(),
                IssueType = issueType,
                Summary = summary,
                Description = description,
                Reporter = reporter,
                Created = now,
                Updated = now,
            };
            _issues.Add(issue);
            return issue;
        }
    }

    /// <summary>Creates an issue from a <c>POST /issue</c> body (<c>IssueUpdateDetails</c>): project,
    /// issue type and summary are required; the other fields go through the edit rules. No history.</summary>
    public (JiraIssueRecord? Issue, Dictionary<string, string>? Errors) Create(JsonObject body, string author)
    {
        var fields = body["fields"] as JsonObject ?? [];
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var project = fields["project"]?["key"]?.GetValue<string>();
        if (project is null || !ProjectExists(project))
        {
            errors["project"] = "Specify a valid project ID or key";
        }

        var type = fields["issuetype"]?["name"]?.GetValue<string>();
        if (type is null || !options.IssueTypes.Contains(type, StringComparer.Ordinal))
        {
            errors["issuetype"] = "Specify an issue type";
        }

        var summary = fields["summary"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
        if (string.IsNullOrWhiteSpace(summary))
        {
            errors["summary"] = "You must specify a summary of the issue.";
        }
        else if (summary.Length > 255)
        {
            errors["summary"] = "Summary must be less than 255 characters.";
        }

        var description = "";
        if (fields["description"] is { } adf)
        {
            if (adf is not JsonObject doc || doc["type"]?.GetValue<string>() != "doc")
            {
                errors["description"] = "Operation value must be an Atlassian Document (see the Atlassian Document Format).";
            }
            else
            {
                description = PlainText(doc);
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        lock (_gate)
        {
            var probe = new JiraIssueRecord { Id = "0", Key = "0", ProjectKey = project!, Reporter = author };
            var plan = new List<Action>();
            var items = new List<(string Field, string From, string To)>();
            foreach (var (name, value) in fields)
            {
                if (name is not ("project" or "issuetype" or "summary" or "description"))
                {
                    Stage(probe, name, value, "set", errors, plan, items);
                }
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            var issue = Add(project!, type!, summary!, description, author);
            var apply = new List<Action>();
            foreach (var (name, value) in fields)
            {
                if (name is not ("project" or "issuetype" or "summary" or "description"))
                {
                    Stage(issue, name, value, "set", errors, apply, items);
                }
            }

            foreach (var step in apply)
            {
                step();
            }

            return (issue, null);
        }
    }

    /// <summary>A workflow transition by <paramref name="author"/>: status, its category and the
    /// resolution, recorded as one history, as the site records a transition.</summary>
    public IReadOnlyList<(string Field, string From, string To)> Transition(JiraIssueRecord issue, string status, string category, string? resolution, string author)
    {
        lock (_gate)
        {
            var items = new List<(string Field, string From, string To)>();
            if (!string.Equals(issue.Status, status, StringComparison.Ordinal))
            {
                items.Add(("status", issue.Status, status));
            }

            if (!string.Equals(issue.Resolution, resolution, StringComparison.Ordinal))
            {
                items.Add(("resolution", issue.Resolution ?? "", resolution ?? ""));
            }

            issue.Status = status;
            issue.StatusCategory = category;
            issue.Resolution = resolution;
            if (items.Count > 0)
            {
                issue.Updated = Now();
                issue.Histories.Add(new JiraHistory((_nextHistory++).ToString(CultureInfo.InvariantCulture), author, issue.Updated, items));
            }

            return items;
        }
    }

    /// <summary>Adds a remote link, or updates the one with the same <c>globalId</c>; returns it and whether it is new.</summary>
    public (JiraRemoteLinkRecord Link, bool Created) PutRemoteLink(JiraIssueRecord issue, string? globalId, string url, string title, string? relationship)
    {
        lock (_gate)
        {
            var index = globalId is null ? -1 : issue.RemoteLinks.FindIndex(l => l.GlobalId == globalId);
            if (index >= 0)
            {
                var updated = issue.RemoteLinks[index] with { Url = url, Title = title, Relationship = relationship };
                issue.RemoteLinks[index] = updated;
                return (updated, false);
            }

            var link = new JiraRemoteLinkRecord(_nextRemoteLink++, globalId, url, title, relationship);
            issue.RemoteLinks.Add(link);
            return (link, true);
        }
    }

    private static string PlainText(JsonNode? node) => node switch
    {
        JsonObject o => (o["text"]?.GetValue<string>() ?? "") + string.Concat((o["content"] as JsonArray ?? []).Select(PlainText)) + (o["type"]?.GetValue<string>() == "paragraph" ? "\n" : ""),
        _ => "",
    };

    public JiraIssueRecord? Find(string idOrKey)
    {
        lock (_gate)
        {
            return _issues.FirstOrDefault(i => i.Id == idOrKey || string.Equals(i.Key, idOrKey, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Applies an <c>IssueUpdateDetails</c> body by <paramref name="author"/>.</summary>
    public EditResult Edit(JiraIssueRecord issue, JsonObject body, string author)
    {
        lock (_gate)
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var items = new List<(string Field, string From, string To)>();
            var fields = body["fields"] as JsonObject ?? [];
            var update = body["update"] as JsonObject ?? [];
            foreach (var name in fields.Select(f => f.Key).Intersect(update.Select(u => u.Key)))
            {
                errors[name] = "Field cannot be both in 'fields' and 'update'.";
            }

            // Validate everything first, so that a refused edit changes nothing.
            var plan = new List<Action>();
            foreach (var (name, value) in fields)
            {
                Stage(issue, name, value, "set", errors, plan, items);
            }

            foreach (var (name, ops) in update)
            {
                foreach (var op in ops as JsonArray ?? [])
                {
                    if (op is not JsonObject o || o.Count != 1)
                    {
                        errors[name] = "Operation must be an object with one of add, remove, set.";
                        continue;
                    }

                    var (verb, operand) = o.First();
                    Stage(issue, name, operand, verb, errors, plan, items);
                }
            }

            if (errors.Count > 0)
            {
                return new EditResult(errors, []);
            }

            foreach (var apply in plan)
            {
                apply();
            }

            var changed = items.Where(i => i.From != i.To).ToList();
            if (changed.Count > 0)
            {
                issue.Updated = Now();
                issue.Histories.Add(new JiraHistory((_nextHistory++).ToString(CultureInfo.InvariantCulture), author, issue.Updated, changed));
            }

            return new EditResult(null, changed);
        }
    }

    public JiraCommentRecord AddComment(JiraIssueRecord issue, JsonNode body, string author)
    {
        lock (_gate)
        {
            issue.Updated = Now();
            var comment = new JiraCommentRecord((_nextComment++).ToString(CultureInfo.InvariantCulture), author, body.DeepClone(), issue.Updated);
            issue.Comments.Add(comment);
            return comment;
        }
    }

    private void Stage(JiraIssueRecord issue, string name, JsonNode? value, string verb, Dictionary<string, string> errors, List<Action> plan, List<(string, string, string)> items)
    {
        if (options.FieldsOffScreen.Contains(name, StringComparer.Ordinal))
        {
            errors[name] = $"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown.";
            return;
        }

        switch (name)
        {
            case "summary" when verb == "set" && value?.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var summary = value.GetValue<string>();
                plan.Add(() => { items.Add(("summary", issue.Summary, summary)); issue.Summary = summary; });
                return;
            case "priority" when verb == "set":
                var priority = value?["name"]?.GetValue<string>();
                if (priority is null || !Priorities.Contains(priority, StringComparer.Ordinal))
                {
                    errors["priority"] = $"Specify a valid priority: '{priority}' is not one.";
                    return;
                }

                plan.Add(() => { items.Add(("priority", issue.Priority, priority)); issue.Priority = priority; });
                return;
            case "assignee" when verb == "set":
                var account = value?["accountId"]?.GetValue<string>();
                plan.Add(() => { items.Add(("assignee", issue.Assignee ?? "", account ?? "")); issue.Assignee = account; });
                return;
            case "components":
                StageSet(issue.Components, "components", value, verb, v => v?["name"]?.GetValue<string>(), n => _components.Contains(n), errors, plan, items);
                return;
            case "labels":
                StageSet(issue.Labels, "labels", value, verb, v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null, n => !n.Any(char.IsWhiteSpace), errors, plan, items);
                return;
            default:
                var custom = options.CustomFields.FirstOrDefault(f => f.Id == name);
                if (custom is null || verb != "set")
                {
                    errors[name] = $"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown.";
                    return;
                }

                var text = custom.Type == "team" ? (value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null) : value?["value"]?.GetValue<string>();
                if (text is null || !custom.AllowedValues.Contains(text, StringComparer.Ordinal))
                {
                    errors[name] = $"Option value '{text}' is not valid";
                    return;
                }

                plan.Add(() => { items.Add((name, issue.Custom.GetValueOrDefault(name, ""), text)); issue.Custom[name] = text; });
                return;
        }
    }

    private static void StageSet(
        List<string> target, string field, JsonNode? value, string verb, Func<JsonNode?, string?> read, Func<string, bool> valid,
        Dictionary<string, string> errors, List<Action> plan, List<(string, string, string)> items)
    {
        var values = verb == "set" ? (value as JsonArray ?? []).Select(read).ToList() : [read(value)];
        if (values.Any(v => v is null || !valid(v)))
        {
            errors[field] = $"{(field == "components" ? "Component name" : "Label")} '{values.FirstOrDefault(v => v is null || !valid(v))}' is not valid.";
            return;
        }

        plan.Add(() =>
        {
            var members = target.ToList();
            var before = string.Join(' ', target);
            switch (verb)
            {
                case "add":
                    if (!target.Contains(values[0]!, StringComparer.Ordinal))
                    {
                        target.Add(values[0]!);
                    }

                    break;
                case "remove":
                    target.Remove(values[0]!);
                    break;
                default:
                    target.Clear();
                    target.AddRange(values.Distinct(StringComparer.Ordinal)!);
                    break;
            }

            // The site logs labels as one item (old and new lists, space-separated) and components
            // as one item per member added (no old value) or removed (no new value).
            if (field != "components")
            {
                items.Add((field, before, string.Join(' ', target)));
                return;
            }

            items.AddRange(members.Except(target, StringComparer.Ordinal).Select(m => (field, m, "")));
            items.AddRange(target.Except(members, StringComparer.Ordinal).Select(m => (field, "", m)));
        });
    }

    // Strictly increasing, so that every change has its own updated time (Jira stores milliseconds).
    private DateTimeOffset Now()
    {
        var now = options.TimeProvider.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        _last = now > _last ? now : _last.AddMilliseconds(1);
        return _last;
    }
}
