using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Platforms.ServiceNow;

/// <summary>How decisions become ServiceNow field values (<c>ServiceNow:Fields</c>).</summary>
public sealed class ServiceNowFieldMapOptions
{
    /// <summary>Bucket wire name → <c>category</c> choice value.</summary>
    public Dictionary<string, string> Categories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>System wire name → <c>subcategory</c> choice value.</summary>
    public Dictionary<string, string> Subcategories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Resolver group name (from <c>Triage:Routing:Groups</c>) → <c>sys_user_group</c> sys_id.</summary>
    public Dictionary<string, string> AssignmentGroups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Severity "1".."4" → <c>impact</c> and <c>urgency</c> (the instance computes priority).</summary>
    public Dictionary<string, ImpactUrgency> Severities { get; set; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ConfigProblem> Validate(string prefix, IEnumerable<string> groups)
    {
        var problems = new List<ConfigProblem>();
        foreach (var bucket in WireNames.Buckets)
        {
            if (!Categories.TryGetValue(bucket, out var value) || string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new($"{prefix}:Categories:{bucket}", "no category value for this bucket"));
            }
        }

        problems.AddRange(Categories.Keys.Where(k => !WireNames.TryParseBucket(k, out _))
            .Select(k => new ConfigProblem($"{prefix}:Categories:{k}", $"unknown bucket '{k}'")));
        problems.AddRange(Subcategories.Keys.Where(k => !WireNames.TryParseSystem(k, out _))
            .Select(k => new ConfigProblem($"{prefix}:Subcategories:{k}", $"unknown system '{k}'")));
        foreach (var group in groups)
        {
            if (!AssignmentGroups.TryGetValue(group, out var sysId) || string.IsNullOrWhiteSpace(sysId))
            {
                problems.Add(new($"{prefix}:AssignmentGroups:{group}", "no assignment_group sys_id for this resolver group"));
            }
        }

        for (var s = 1; s <= 4; s++)
        {
            var key = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!Severities.TryGetValue(key, out var iu) || iu.Impact is not ("1" or "2" or "3") || iu.Urgency is not ("1" or "2" or "3"))
            {
                problems.Add(new($"{prefix}:Severities:{key}", "needs Impact and Urgency, each \"1\", \"2\" or \"3\""));
            }
        }

        return problems;
    }
}

public sealed class ImpactUrgency
{
    public string Impact { get; set; } = "3";

    public string Urgency { get; set; } = "3";
}
