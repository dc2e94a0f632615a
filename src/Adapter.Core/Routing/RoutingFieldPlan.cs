namespace Adapter.Core.Routing;

/// <summary>A field that a person changed after the adapter had set it; the adapter leaves it.</summary>
public sealed record FieldOverride(string Field, string AdapterValue, string CurrentValue);

/// <summary>What the adapter will write to one ticket: only routing fields that differ, never
/// a field a person took over.</summary>
public sealed record RoutingFieldPlan(IReadOnlyDictionary<string, string> Changes, IReadOnlyList<FieldOverride> Overrides)
{
    public bool HasChanges => Changes.Count > 0;
}

/// <summary>The only ticket fields the adapter may ever write: routing metadata and one short
/// note. Anything else, clinical content above all, is refused, in code and at config validation.</summary>
public static class RoutingFieldAllowlist
{
    public static readonly IReadOnlySet<string> ServiceNow = new HashSet<string>(StringComparer.Ordinal)
    {
        "category", "subcategory", "assignment_group", "impact", "urgency", "work_notes",
    };

    /// <summary>What an escalation may write to an incident: the one work note, the link fields
    /// (<c>correlation_id</c>/<c>correlation_display</c> or the site's own <c>u_</c> fields) and,
    /// where configured, the state that resolves it with its close code and notes.</summary>
    public static IReadOnlySet<string> ServiceNowEscalation(string linkField, string linkDisplayField)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "work_notes", "state", "close_code", "close_notes" };
        foreach (var field in new[] { linkField, linkDisplayField }.Where(f => !string.IsNullOrEmpty(f)))
        {
            if (!IsEscalationLinkField(field))
            {
                throw new InvalidOperationException($"Refusing to write '{field}': an escalation link field must be correlation_id, correlation_display or a custom u_ field.");
            }

            allowed.Add(field);
        }

        return allowed;
    }

    /// <summary>Whether an incident field may keep an escalation's link.</summary>
    public static bool IsEscalationLinkField(string? field) => field is "correlation_id" or "correlation_display" || IsAuditFlagField(field);

    /// <summary>Whether a site's own field (a ServiceNow <c>u_</c> custom field, lower case, up to
    /// 40 characters) may carry the audit flag. Only a flag kind's wire name is ever written to it.</summary>
    public static bool IsAuditFlagField(string? field) =>
        field is { Length: > 2 and <= 40 } f && f.StartsWith("u_", StringComparison.Ordinal)
        && f.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    /// <summary>The allowlist plus the configured audit flag field, when there is one and it qualifies.</summary>
    public static IReadOnlySet<string> WithAuditFlagField(IReadOnlySet<string> allowlist, string? flagField)
    {
        ArgumentNullException.ThrowIfNull(allowlist);
        if (string.IsNullOrEmpty(flagField))
        {
            return allowlist;
        }

        if (!IsAuditFlagField(flagField))
        {
            throw new InvalidOperationException($"Refusing to write '{flagField}': an audit flag field must be a custom u_ field.");
        }

        return new HashSet<string>(allowlist.Append(flagField), StringComparer.Ordinal);
    }

    /// <summary>Jira: components, labels, priority, assignee, the one comment, and only the custom
    /// fields the map names (checked at start to be select or team fields).</summary>
    public static IReadOnlySet<string> Jira(Adapter.Core.Platforms.Jira.JiraFieldMapOptions map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "components", "labels", "priority", "assignee", "comment" };
        allowed.UnionWith(map.CustomFields().Select(f => f.FieldId));
        return allowed;
    }

    public static void EnsureAllowed(IReadOnlySet<string> allowlist, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(allowlist);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            if (!allowlist.Contains(field))
            {
                throw new InvalidOperationException($"Refusing to write '{field}': the adapter writes routing fields only.");
            }
        }
    }
}
