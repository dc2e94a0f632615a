using System.Globalization;
using System.Text.Json;
using Adapter.Core.Audit;
using Adapter.Core.Classification;

namespace Adapter.Core.Platforms.Jira;

/// <summary>One change of the group slot in an issue's changelog: its position (0 is the oldest
/// history), who made it and when, and the group it set (a resolver group name where the value
/// maps back to one), or null when it only cleared the slot.</summary>
public sealed record JiraGroupChange(int Position, string AuthorAccountId, DateTimeOffset At, string? Group);

/// <summary>How the audit reads a Jira issue: the routing values a person chose at intake, whether
/// the issue is done, its final bucket, group and severity, and the group changes in its changelog.</summary>
public static class JiraAuditView
{
    /// <summary>The bucket and group slots as the issue carries them and as the decision wants them,
    /// named by slot key (<c>bucket</c> or <c>bucket-component</c>, <c>group</c>).</summary>
    public static IReadOnlyList<IntakeField> IntakeFields(TriageDecision decision, JiraIssue issue, JiraFieldMapOptions map)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var slots = JiraRoutingPlanner.SlotsFor(map, decision);
        var bucket = slots.FirstOrDefault(s => s.Key == JiraRoutingPlanner.BucketFieldSlot) ?? slots.FirstOrDefault(s => s.Key == JiraRoutingPlanner.BucketComponentSlot);
        var group = slots.FirstOrDefault(s => s.Key == JiraRoutingPlanner.GroupSlot);
        return [.. new[] { bucket, group }.OfType<JiraSlot>().Select(s => new IntakeField(s.Key, JiraRoutingPlanner.Current(s, issue), s.Desired))];
    }

    /// <summary>Whether the issue's status is in one of <paramref name="categoryKeys"/> (<c>new</c>,
    /// <c>indeterminate</c>, <c>done</c>) or is one of <paramref name="statusNames"/> (any case).</summary>
    public static bool IsDone(JiraIssue issue, IReadOnlySet<string> categoryKeys, IReadOnlySet<string> statusNames)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(categoryKeys);
        ArgumentNullException.ThrowIfNull(statusNames);
        if (!issue.Fields.TryGetValue("status", out var status) || status.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var name = Text(status, "name");
        var category = status.TryGetProperty("statusCategory", out var c) ? Text(c, "key") : "";
        return (category.Length > 0 && categoryKeys.Contains(category)) || (name.Length > 0 && statusNames.Contains(name));
    }

    /// <summary>The issue as it closed: the bucket slot's value and the bucket it maps to, the group
    /// (resolver group name where it maps back), the severity its priority maps to.</summary>
    public static TicketFinal Final(JiraIssue issue, JiraFieldMapOptions map, int reassignments, DateTimeOffset closedAt)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(map);
        var category = JiraRoutingPlanner.CurrentOf(JiraRoutingPlanner.BucketFieldSlot, issue, map)
            ?? JiraRoutingPlanner.CurrentOf(JiraRoutingPlanner.BucketComponentSlot, issue, map) ?? "";
        var values = map.BucketField.Length > 0 ? map.BucketOptions : map.BucketComponents;
        var bucket = category.Length == 0 ? null : values.FirstOrDefault(kv => kv.Value == category).Key;
        var group = GroupName(map, JiraRoutingPlanner.CurrentOf(JiraRoutingPlanner.GroupSlot, issue, map) ?? "");
        var priority = JiraRoutingPlanner.CurrentOf(JiraRoutingPlanner.SeveritySlot, issue, map) ?? "";
        var severity = map.Priorities.Where(kv => kv.Value == priority && priority.Length > 0)
            .Select(kv => int.TryParse(kv.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : (int?)null)
            .Where(s => s is not null).Min();
        return new TicketFinal(category, bucket, group, severity, reassignments, closedAt);
    }

    /// <summary>The resolver group a slot value stands for, else the value itself.</summary>
    public static string GroupName(JiraFieldMapOptions map, string value)
    {
        ArgumentNullException.ThrowIfNull(map);
        return value.Length == 0 ? "" : map.Groups.FirstOrDefault(kv => kv.Value == value).Key ?? value;
    }

    /// <summary>When the issue reached its current status: the last history that changed the status,
    /// else its <c>updated</c> time, else null.</summary>
    public static DateTimeOffset? ClosedAt(JiraIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var transition = issue.Changelog?.Histories.LastOrDefault(h => h.Items.Any(i => (i.FieldId ?? i.Field) == "status"));
        return transition?.Created ?? issue.Updated;
    }

    /// <summary>The issue's <c>created</c> time, or null when absent.</summary>
    public static DateTimeOffset? Created(JiraIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue.Fields.TryGetValue("created", out var c) && c.ValueKind == JsonValueKind.String && JiraJson.TryParseTime(c.GetString(), out var t) ? t : null;
    }

    /// <summary>The histories in the issue's changelog page that changed the group slot. A history
    /// that moves the group (one component out, another in) is one change.</summary>
    public static IReadOnlyList<JiraGroupChange> GroupChanges(JiraIssue issue, JiraFieldMapOptions map)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var slot = JiraRoutingPlanner.SlotsFor(map, null).FirstOrDefault(s => s.Key == JiraRoutingPlanner.GroupSlot);
        if (slot is null || issue.Changelog is not { } log)
        {
            return [];
        }

        var changes = new List<JiraGroupChange>();
        for (var i = 0; i < log.Histories.Count; i++)
        {
            var history = log.Histories[i];
            var items = history.Items.Where(item => Touches(slot, item)).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            var set = items.Select(item => Value(slot, item)).LastOrDefault(v => !string.IsNullOrEmpty(v));
            changes.Add(new JiraGroupChange(log.StartAt + i, history.Author?.AccountId ?? "", history.Created ?? DateTimeOffset.MinValue, set is null ? null : GroupName(map, set)));
        }

        return changes;
    }

    /// <summary>Group changes by anyone but the adapter at or after <paramref name="baseline"/>
    /// (the changelog position when the adapter first routed the issue).</summary>
    public static int Reassignments(IEnumerable<JiraGroupChange> changes, int baseline, string adapterAccountId) =>
        changes.Count(c => c.Position >= baseline && !string.Equals(c.AuthorAccountId, adapterAccountId, StringComparison.Ordinal));

    private static bool Touches(JiraSlot slot, JiraChangeItem item)
    {
        var field = item.FieldId ?? item.Field;
        if (!string.Equals(field, slot.FieldId, StringComparison.Ordinal) && !(slot.Kind == JiraSlotKind.Component && item.FieldId is null && item.Field == "Component"))
        {
            return false;
        }

        return slot.Kind == JiraSlotKind.Component
            ? slot.Owned.Contains(item.FromText ?? "") || slot.Owned.Contains(item.ToText ?? "")
            : !string.Equals(item.From ?? item.FromText ?? "", item.To ?? item.ToText ?? "", StringComparison.Ordinal);
    }

    /// <summary>The value an item sets in the slot, or null when it clears it.</summary>
    private static string? Value(JiraSlot slot, JiraChangeItem item) => slot.Kind switch
    {
        JiraSlotKind.Component => slot.Owned.Contains(item.ToText ?? "") ? item.ToText : null,
        JiraSlotKind.AssigneeAccountId or JiraSlotKind.TeamId => item.To ?? item.ToText,
        _ => item.ToText ?? item.To,
    };

    private static string Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : "";
}
