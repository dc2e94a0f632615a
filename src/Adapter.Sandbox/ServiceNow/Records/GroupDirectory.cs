namespace Adapter.Sandbox.ServiceNow;

/// <summary>The <c>sys_user_group</c> table, so that <c>assignment_group</c> values point at real groups. Thread-safe.</summary>
internal sealed class GroupDirectory
{
    private readonly Lock _gate = new();
    private readonly List<Dictionary<string, string>> _groups = [];

    public static TableSchema Schema => TableSchemas.Group;

    /// <summary>Adds a group, or returns the sys_id of the group that already has this name.</summary>
    public string Add(string name)
    {
        lock (_gate)
        {
            var existing = _groups.Find(g => string.Equals(g["name"], name, StringComparison.Ordinal));
            if (existing is not null)
            {
                return existing["sys_id"];
            }

            var sysId = Guid.NewGuid().ToString("N");
            _groups.Add(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["sys_id"] = sysId,
                ["name"] = name,
                ["active"] = "true",
                ["description"] = string.Empty,
            });
            return sysId;
        }
    }

    public IReadOnlyDictionary<string, string>? Find(string sysId)
    {
        lock (_gate)
        {
            var group = _groups.Find(g => g["sys_id"] == sysId);
            return group is null ? null : new Dictionary<string, string>(group, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Snapshot()
    {
        lock (_gate)
        {
            return [.. _groups.Select(g => new Dictionary<string, string>(g, StringComparer.Ordinal))];
        }
    }
}
