using System.Globalization;
using System.Text.Json;
using Adapter.Core.Audit;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.ServiceNow;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Platforms.Jira;

/// <summary>How one routing decision is held on an issue: a single-value field, or one member of
/// a multi-value field (components, labels) out of the values the map names.</summary>
public enum JiraSlotKind
{
    SelectOption,
    TeamId,
    PriorityName,
    AssigneeAccountId,
    Component,
    Label,
}

/// <summary>One routing slot: its key in the adapter's records, where it lives, the values the
/// adapter owns there, and the value the decision wants.</summary>
public sealed record JiraSlot(string Key, JiraSlotKind Kind, string FieldId, IReadOnlySet<string> Owned, string Desired);

/// <summary>Turns a decision into the issue edit: only slots that differ, never one a person took
/// over after the adapter set it ("humans win"), never a field or member the map does not name.</summary>
public static class JiraRoutingPlanner
{
    public const string BucketFieldSlot = "bucket";
    public const string BucketComponentSlot = "bucket-component";
    public const string SystemSlot = "system";
    public const string SeveritySlot = "severity";
    public const string GroupSlot = "group";
    public const string AuditSlot = "audit";

    /// <summary>The fields a map writes, for the <c>fields</c> list of a read.</summary>
    public static IReadOnlyList<string> FieldIds(JiraFieldMapOptions map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Slots(map, null).Select(s => s.FieldId).Append("labels").Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The current value of a slot: the field's value, or the owned member(s) present.</summary>
    public static string Current(JiraSlot slot, JiraIssue issue)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(issue);
        if (!issue.Fields.TryGetValue(slot.FieldId, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "";
        }

        return slot.Kind switch
        {
            JiraSlotKind.SelectOption => Property(value, "value"),
            JiraSlotKind.TeamId => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : Property(value, "id"),
            JiraSlotKind.PriorityName => Property(value, "name"),
            JiraSlotKind.AssigneeAccountId => Property(value, "accountId"),
            JiraSlotKind.Component or JiraSlotKind.Label => string.Join(',', Members(slot, value).Where(slot.Owned.Contains).Order(StringComparer.Ordinal)),
            _ => "",
        };
    }

    /// <summary>The current value of a configured slot (for the audit record), or null when the map has none.</summary>
    public static string? CurrentOf(string slotKey, JiraIssue issue, JiraFieldMapOptions map)
    {
        var slot = Slots(map, null).FirstOrDefault(s => s.Key == slotKey);
        return slot is null ? null : Current(slot, issue);
    }

    public static RoutingFieldPlan Plan(
        TriageDecision decision,
        JiraIssue current,
        JiraFieldMapOptions map,
        IReadOnlyDictionary<string, string> adapterWrites)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(adapterWrites);

        var slots = Slots(map, decision).ToList();

        // Audit: a person had filed the issue under another bucket or group before the adapter decided.
        if (!slots.Any(s => adapterWrites.ContainsKey(s.Key)) && IntakeMismatches(decision, current, map).Count > 0)
        {
            slots.Add(new JiraSlot(AuditSlot, JiraSlotKind.Label, "labels", new HashSet<string>(StringComparer.Ordinal) { map.AuditLabel }, map.AuditLabel));
        }

        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        var overrides = new List<FieldOverride>();
        foreach (var slot in slots)
        {
            var now = Current(slot, current);
            if (adapterWrites.TryGetValue(slot.Key, out var written) && !string.Equals(now, written, StringComparison.Ordinal))
            {
                overrides.Add(new FieldOverride(slot.Key, written, now));
                continue;
            }

            if (!string.Equals(now, slot.Desired, StringComparison.Ordinal))
            {
                changes[slot.Key] = slot.Desired;
            }
        }

        RoutingFieldAllowlist.EnsureAllowed(RoutingFieldAllowlist.Jira(map), slots.Where(s => changes.ContainsKey(s.Key)).Select(s => s.FieldId));
        return new RoutingFieldPlan(changes, overrides);
    }

    /// <summary>The intake check on an issue the adapter has not routed yet: the bucket or group a
    /// person chose that a confident decision disagrees with (<see cref="IntakeAudit"/>).</summary>
    public static IReadOnlyList<IntakeField> IntakeMismatches(TriageDecision decision, JiraIssue current, JiraFieldMapOptions map) =>
        IntakeAudit.Mismatches(decision, JiraAuditView.IntakeFields(decision, current, map));

    /// <summary>The slots a map has; with a decision, only those it has a value for, each with the value wanted.</summary>
    public static IReadOnlyList<JiraSlot> SlotsFor(JiraFieldMapOptions map, TriageDecision? decision)
    {
        ArgumentNullException.ThrowIfNull(map);
        return [.. Slots(map, decision)];
    }

    /// <summary>Slots that already carry the decided value (and that no person took over): the
    /// adapter owns them from now on, so that a later change by a person is seen as an override.</summary>
    public static IReadOnlyDictionary<string, string> Agreed(TriageDecision decision, JiraIssue current, JiraFieldMapOptions map, IReadOnlyDictionary<string, string> adapterWrites)
    {
        ArgumentNullException.ThrowIfNull(adapterWrites);
        var agreed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slot in Slots(map, decision))
        {
            var now = Current(slot, current);
            if (string.Equals(now, slot.Desired, StringComparison.Ordinal) && (!adapterWrites.TryGetValue(slot.Key, out var written) || written == now))
            {
                agreed[slot.Key] = now;
            }
        }

        return agreed;
    }

    /// <summary>The PUT body for a plan: <c>fields</c> for single values, <c>update</c> add/remove
    /// operations for components and labels so that members the adapter does not own stay.</summary>
    public static JiraIssueUpdate Update(RoutingFieldPlan plan, JiraIssue current, JiraFieldMapOptions map, TriageDecision decision)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(current);
        var slots = Slots(map, decision).ToDictionary(s => s.Key, StringComparer.Ordinal);
        slots[AuditSlot] = new JiraSlot(AuditSlot, JiraSlotKind.Label, "labels", new HashSet<string>(StringComparer.Ordinal) { map.AuditLabel }, map.AuditLabel);
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var update = new Dictionary<string, List<Dictionary<string, JsonElement>>>(StringComparer.Ordinal);
        foreach (var (key, desired) in plan.Changes)
        {
            var slot = slots[key];
            switch (slot.Kind)
            {
                case JiraSlotKind.SelectOption:
                    fields[slot.FieldId] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["value"] = desired });
                    break;
                case JiraSlotKind.TeamId:
                    fields[slot.FieldId] = JsonSerializer.SerializeToElement(desired);
                    break;
                case JiraSlotKind.PriorityName:
                    fields[slot.FieldId] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["name"] = desired });
                    break;
                case JiraSlotKind.AssigneeAccountId:
                    fields[slot.FieldId] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["accountId"] = desired });
                    break;
                default:
                    var ops = update.TryGetValue(slot.FieldId, out var list) ? list : update[slot.FieldId] = [];
                    var present = current.Fields.TryGetValue(slot.FieldId, out var value) && value.ValueKind == JsonValueKind.Array ? Members(slot, value).ToHashSet(StringComparer.Ordinal) : [];
                    foreach (var stale in present.Where(m => slot.Owned.Contains(m) && m != desired).Order(StringComparer.Ordinal))
                    {
                        ops.Add(Op("remove", slot.Kind, stale));
                    }

                    if (!present.Contains(desired))
                    {
                        ops.Add(Op("add", slot.Kind, desired));
                    }

                    break;
            }
        }

        return new JiraIssueUpdate { Fields = fields.Count > 0 ? fields : null, Update = update.Count > 0 ? update : null };
    }

    /// <summary>The one comment: the decision and its rule ids, never ticket text, tagged with the
    /// issue version it answers so that a retry can tell whether it already landed.</summary>
    public static string Comment(TriageDecision decision, int baseVersion) => Comment(decision, baseVersion, "");

    /// <summary>The comment with the audit's clause (<see cref="IntakeAudit.NoteClause"/>) before the version tag.</summary>
    public static string Comment(TriageDecision decision, int baseVersion, string auditClause) =>
        ServiceNowRoutingPlanner.WorkNote(decision) + auditClause + string.Create(CultureInfo.InvariantCulture, $"; {VersionTag(baseVersion)}");

    public static string VersionTag(int baseVersion) => string.Create(CultureInfo.InvariantCulture, $"ref=v{baseVersion}");

    private static Dictionary<string, JsonElement> Op(string verb, JiraSlotKind kind, string value) => new(StringComparer.Ordinal)
    {
        [verb] = kind == JiraSlotKind.Label ? JsonSerializer.SerializeToElement(value) : JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["name"] = value }),
    };

    private static IEnumerable<string> Members(JiraSlot slot, JsonElement array) =>
        array.ValueKind != JsonValueKind.Array ? []
        : array.EnumerateArray().Select(e => slot.Kind == JiraSlotKind.Label ? (e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "") : Property(e, "name"));

    private static string Property(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : "";

    private static IEnumerable<JiraSlot> Slots(JiraFieldMapOptions map, TriageDecision? decision)
    {
        string Want(Dictionary<string, string> values, string? key) => key is not null && values.TryGetValue(key, out var v) ? v : "";
        HashSet<string> Owned(IEnumerable<string> values) => values.ToHashSet(StringComparer.Ordinal);
        var bucket = decision?.Bucket.ToWire();
        var system = decision?.System.ToWire();
        var severity = decision?.Severity.ToString(CultureInfo.InvariantCulture);
        var group = decision?.ResolverGroup;

        if (map.BucketField.Length > 0 && (decision is null || Want(map.BucketOptions, bucket).Length > 0))
        {
            yield return new JiraSlot(BucketFieldSlot, JiraSlotKind.SelectOption, map.BucketField, Owned(map.BucketOptions.Values), Want(map.BucketOptions, bucket));
        }

        if (map.BucketComponents.Count > 0 && (decision is null || Want(map.BucketComponents, bucket).Length > 0))
        {
            yield return new JiraSlot(BucketComponentSlot, JiraSlotKind.Component, "components", Owned(map.BucketComponents.Values), Want(map.BucketComponents, bucket));
        }

        if (map.Systems.Count > 0 && (decision is null || Want(map.Systems, system).Length > 0))
        {
            var kind = map.SystemTarget == JiraSystemTarget.Label ? JiraSlotKind.Label : JiraSlotKind.Component;
            yield return new JiraSlot(SystemSlot, kind, kind == JiraSlotKind.Label ? "labels" : "components", Owned(map.Systems.Values), Want(map.Systems, system));
        }

        if (map.Priorities.Count > 0 && (decision is null || Want(map.Priorities, severity).Length > 0))
        {
            yield return new JiraSlot(SeveritySlot, JiraSlotKind.PriorityName, "priority", Owned(map.Priorities.Values), Want(map.Priorities, severity));
        }

        if (map.GroupTarget != JiraGroupTarget.None && (decision is null || Want(map.Groups, group).Length > 0))
        {
            var (kind, field) = map.GroupTarget switch
            {
                JiraGroupTarget.SelectField => (JiraSlotKind.SelectOption, map.GroupField),
                JiraGroupTarget.TeamField => (JiraSlotKind.TeamId, map.GroupField),
                JiraGroupTarget.Component => (JiraSlotKind.Component, "components"),
                _ => (JiraSlotKind.AssigneeAccountId, "assignee"),
            };
            yield return new JiraSlot(GroupSlot, kind, field, Owned(map.Groups.Values), Want(map.Groups, group));
        }
    }
}
