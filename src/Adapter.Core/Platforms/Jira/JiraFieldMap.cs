using System.Globalization;
using System.Text.RegularExpressions;
using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Platforms.Jira;

/// <summary>Where the system decision goes on a Jira issue.</summary>
public enum JiraSystemTarget
{
    /// <summary>A component named by <see cref="JiraFieldMapOptions.Systems"/>.</summary>
    Component,

    /// <summary>A label named by <see cref="JiraFieldMapOptions.Systems"/>.</summary>
    Label,
}

/// <summary>Where the resolver group goes on a Jira issue.</summary>
public enum JiraGroupTarget
{
    /// <summary>Not written.</summary>
    None,

    /// <summary>A single-select custom field (<see cref="JiraFieldMapOptions.GroupField"/>), option value.</summary>
    SelectField,

    /// <summary>A Team custom field (<see cref="JiraFieldMapOptions.GroupField"/>), team id.</summary>
    TeamField,

    /// <summary>A component of that name.</summary>
    Component,

    /// <summary>The assignee, by accountId.</summary>
    Assignee,
}

/// <summary>Which property of an editmeta allowed value a configured value is compared with.</summary>
public enum JiraAllowedValue
{
    /// <summary>Not compared (labels, assignee, team: the site lists no allowed values).</summary>
    None,

    /// <summary>A select option's <c>value</c>.</summary>
    OptionValue,

    /// <summary>A priority's or component's <c>name</c>.</summary>
    Name,
}

/// <summary>A field the map writes: the key path that makes it written, the field id, and the
/// configured values (by key path) to find among its allowed values.</summary>
public sealed record JiraMappedField(string KeyPath, string FieldId, JiraAllowedValue Compare, IReadOnlyList<(string KeyPath, string Value)> Values);

/// <summary>How decisions become Jira field values (<c>Jira:Fields</c>). Only what is named here
/// is ever written; components and labels the map does not name are left alone.</summary>
public sealed partial class JiraFieldMapOptions
{
    /// <summary>Single-select custom field for the bucket (<c>customfield_NNNNN</c>); empty: not written.</summary>
    public string BucketField { get; set; } = "";

    /// <summary>Bucket wire name → option value of <see cref="BucketField"/>.</summary>
    public Dictionary<string, string> BucketOptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Bucket wire name → component name (optional, in addition to or instead of the field).</summary>
    public Dictionary<string, string> BucketComponents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Default <see cref="JiraSystemTarget.Component"/>.</summary>
    public JiraSystemTarget SystemTarget { get; set; } = JiraSystemTarget.Component;

    /// <summary>System wire name → component or label name; empty map: not written.</summary>
    public Dictionary<string, string> Systems { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Severity "1".."4" → priority name; empty map: not written.</summary>
    public Dictionary<string, string> Priorities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Default <see cref="JiraGroupTarget.None"/>.</summary>
    public JiraGroupTarget GroupTarget { get; set; } = JiraGroupTarget.None;

    /// <summary>Custom field for <see cref="JiraGroupTarget.SelectField"/> / <see cref="JiraGroupTarget.TeamField"/>.</summary>
    public string GroupField { get; set; } = "";

    /// <summary>Resolver group name → option value, team id, component name or accountId.</summary>
    public Dictionary<string, string> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Label added when a person had filed the issue under another bucket. Default <c>triage-audit</c>.</summary>
    public string AuditLabel { get; set; } = "triage-audit";

    /// <summary>The custom fields this map writes (checked against the site at start).</summary>
    public IEnumerable<(string Key, string FieldId)> CustomFields()
    {
        if (BucketField.Length > 0)
        {
            yield return ("BucketField", BucketField);
        }

        if (GroupTarget is JiraGroupTarget.SelectField or JiraGroupTarget.TeamField)
        {
            yield return ("GroupField", GroupField);
        }
    }

    /// <summary>Every field this map writes, with the key path that makes the adapter write it and
    /// the configured values (by key path) that must be allowed values of the field on the site.</summary>
    public IEnumerable<JiraMappedField> MappedFields(string prefix)
    {
        IReadOnlyList<(string KeyPath, string Value)> Values(string section, Dictionary<string, string> values) =>
            [.. values.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).Select(kv => ($"{prefix}:{section}:{kv.Key}", kv.Value))];

        if (BucketField.Length > 0)
        {
            yield return new($"{prefix}:BucketField", BucketField, JiraAllowedValue.OptionValue, Values(nameof(BucketOptions), BucketOptions));
        }

        if (BucketComponents.Count > 0)
        {
            yield return new($"{prefix}:BucketComponents", "components", JiraAllowedValue.Name, Values(nameof(BucketComponents), BucketComponents));
        }

        if (Systems.Count > 0)
        {
            yield return SystemTarget == JiraSystemTarget.Label
                ? new($"{prefix}:Systems", "labels", JiraAllowedValue.None, [])
                : new($"{prefix}:Systems", "components", JiraAllowedValue.Name, Values(nameof(Systems), Systems));
        }

        if (Priorities.Count > 0)
        {
            yield return new($"{prefix}:Priorities", "priority", JiraAllowedValue.Name, Values(nameof(Priorities), Priorities));
        }

        switch (GroupTarget)
        {
            case JiraGroupTarget.SelectField:
                yield return new($"{prefix}:GroupField", GroupField, JiraAllowedValue.OptionValue, Values(nameof(Groups), Groups));
                break;
            case JiraGroupTarget.TeamField:
                yield return new($"{prefix}:GroupField", GroupField, JiraAllowedValue.None, []);
                break;
            case JiraGroupTarget.Component:
                yield return new($"{prefix}:GroupTarget", "components", JiraAllowedValue.Name, Values(nameof(Groups), Groups));
                break;
            case JiraGroupTarget.Assignee:
                yield return new($"{prefix}:GroupTarget", "assignee", JiraAllowedValue.None, []);
                break;
        }

        yield return new($"{prefix}:AuditLabel", "labels", JiraAllowedValue.None, []);
    }

    public IReadOnlyList<ConfigProblem> Validate(string prefix, IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var problems = new List<ConfigProblem>();
        if (BucketField.Length > 0 && !CustomFieldId().IsMatch(BucketField))
        {
            problems.Add(new($"{prefix}:BucketField", "must be a custom field id like customfield_10050"));
        }

        if (BucketField.Length > 0)
        {
            problems.AddRange(WireNames.Buckets.Where(b => !BucketOptions.TryGetValue(b, out var v) || string.IsNullOrWhiteSpace(v))
                .Select(b => new ConfigProblem($"{prefix}:BucketOptions:{b}", "no option value for this bucket")));
        }

        problems.AddRange(BucketOptions.Keys.Concat(BucketComponents.Keys).Where(k => !WireNames.TryParseBucket(k, out _))
            .Select(k => new ConfigProblem($"{prefix}:Bucket*:{k}", $"unknown bucket '{k}'")));
        problems.AddRange(Systems.Keys.Where(k => !WireNames.TryParseSystem(k, out _))
            .Select(k => new ConfigProblem($"{prefix}:Systems:{k}", $"unknown system '{k}'")));
        if (SystemTarget == JiraSystemTarget.Label)
        {
            problems.AddRange(Systems.Where(kv => !IsLabel(kv.Value))
                .Select(kv => new ConfigProblem($"{prefix}:Systems:{kv.Key}", "a label cannot be empty or contain spaces")));
        }

        if (Priorities.Count > 0)
        {
            for (var s = 1; s <= 4; s++)
            {
                var key = s.ToString(CultureInfo.InvariantCulture);
                if (!Priorities.TryGetValue(key, out var name) || string.IsNullOrWhiteSpace(name))
                {
                    problems.Add(new($"{prefix}:Priorities:{key}", "no priority name for this severity"));
                }
            }

            problems.AddRange(Priorities.Keys.Where(k => k is not ("1" or "2" or "3" or "4"))
                .Select(k => new ConfigProblem($"{prefix}:Priorities:{k}", "severity must be 1, 2, 3 or 4")));
        }

        if (GroupTarget is JiraGroupTarget.SelectField or JiraGroupTarget.TeamField && !CustomFieldId().IsMatch(GroupField))
        {
            problems.Add(new($"{prefix}:GroupField", $"GroupTarget {GroupTarget} needs a custom field id like customfield_10001"));
        }

        if (GroupTarget != JiraGroupTarget.None)
        {
            problems.AddRange(groups.Where(g => !Groups.TryGetValue(g, out var v) || string.IsNullOrWhiteSpace(v))
                .Select(g => new ConfigProblem($"{prefix}:Groups:{g}", $"no {GroupTarget} value for this resolver group")));
        }

        if (!IsLabel(AuditLabel))
        {
            problems.Add(new($"{prefix}:AuditLabel", "a label cannot be empty or contain spaces"));
        }

        return problems;
    }

    private static bool IsLabel(string? value) => !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsWhiteSpace);

    [GeneratedRegex("^customfield_[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomFieldId();
}
