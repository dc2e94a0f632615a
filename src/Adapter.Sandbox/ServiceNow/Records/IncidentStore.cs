using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// The incident table and its journal, in memory. Every method is thread-safe and hands out copies.
/// </summary>
internal sealed class IncidentStore
{
    // The instance maintains these itself; a client's value for them is ignored, as on a real instance.
    private static readonly HashSet<string> SystemManaged = new(StringComparer.Ordinal)
    {
        "sys_id", "number", "task_effective_number", "sys_class_name", "sys_created_on", "sys_created_by",
        "sys_updated_on", "sys_updated_by", "sys_mod_count", "reassignment_count", "priority",
    };

    // Write-only journal fields: a write appends to the journal and the field reads back empty.
    private static readonly HashSet<string> JournalFields = new(StringComparer.Ordinal) { "work_notes", "comments" };

    private readonly Lock _gate = new();
    private readonly List<Dictionary<string, string>> _records = [];
    private readonly Dictionary<string, Dictionary<string, string>> _bySysId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalEntry>> _journals = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _nextNumber = 10001;

    public IncidentStore(TimeProvider time) => _time = time;

    public static TableSchema Schema => TableSchemas.Incident;

    /// <summary>Adds an incident with the instance's defaults, overlaid by <paramref name="fields"/> (known fields only).</summary>
    public string Add(IEnumerable<KeyValuePair<string, string>> fields, string createdBy)
    {
        var given = fields.ToDictionary(f => f.Key, f => f.Value ?? string.Empty, StringComparer.Ordinal);
        lock (_gate)
        {
            var sysId = given.TryGetValue("sys_id", out var requested) && requested.Length > 0
                ? requested
                : Guid.NewGuid().ToString("N");
            if (_bySysId.ContainsKey(sysId))
            {
                throw new ArgumentException($"An incident with sys_id {sysId} already exists.", nameof(fields));
            }

            var record = IncidentDefaults.Create(sysId, _nextNumber++, GlideDateTime.Format(_time.GetUtcNow()), createdBy);
            foreach (var (field, value) in given)
            {
                record[field] = value;
            }

            if (!given.ContainsKey("priority"))
            {
                record["priority"] = PriorityMatrix.Compute(record["impact"], record["urgency"]) ?? record["priority"];
            }

            _records.Add(record);
            _bySysId[sysId] = record;
            return sysId;
        }
    }

    public IReadOnlyDictionary<string, string>? Find(string sysId)
    {
        lock (_gate)
        {
            return _bySysId.TryGetValue(sysId, out var record) ? Copy(record) : null;
        }
    }

    /// <summary>All incidents in insertion order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Snapshot()
    {
        lock (_gate)
        {
            return [.. _records.Select(Copy)];
        }
    }

    public IReadOnlyList<JournalEntry> Journal(string sysId, string element)
    {
        lock (_gate)
        {
            return _journals.TryGetValue(sysId, out var entries)
                ? [.. entries.Where(e => e.Element == element)]
                : [];
        }
    }

    /// <summary>
    /// Applies a client's field values as the instance does: unknown and system-managed fields are ignored;
    /// journal fields append an entry; when anything changed, <c>sys_mod_count</c>, <c>sys_updated_on</c>
    /// and <c>sys_updated_by</c> move (a write that changes nothing leaves the record as it was).
    /// </summary>
    /// <returns>The record after the update, or <see langword="null"/> when there is no such incident.</returns>
    public IReadOnlyDictionary<string, string>? Update(string sysId, IEnumerable<KeyValuePair<string, string>> changes, string userName)
    {
        lock (_gate)
        {
            if (!_bySysId.TryGetValue(sysId, out var record))
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var changed = new HashSet<string>(StringComparer.Ordinal);
            var journaled = false;
            foreach (var (field, value) in changes)
            {
                if (!Schema.IsKnown(field) || SystemManaged.Contains(field))
                {
                    continue;
                }

                if (JournalFields.Contains(field))
                {
                    if (value.Length > 0)
                    {
                        JournalOf(sysId).Add(new JournalEntry(field, value, userName, now));
                        journaled = true;
                    }

                    continue;
                }

                if (!string.Equals(record[field], value, StringComparison.Ordinal))
                {
                    record[field] = value;
                    changed.Add(field);
                }
            }

            if (changed.Count == 0 && !journaled)
            {
                return Copy(record);
            }

            ApplyDerivedFields(record, changed);
            record["sys_mod_count"] = (ParseCount(record["sys_mod_count"]) + 1).ToString(CultureInfo.InvariantCulture);
            record["sys_updated_on"] = GlideDateTime.Format(now);
            record["sys_updated_by"] = userName;
            return Copy(record);
        }
    }

    private static void ApplyDerivedFields(Dictionary<string, string> record, HashSet<string> changed)
    {
        if (changed.Contains("assignment_group") && record["assignment_group"].Length > 0)
        {
            record["reassignment_count"] = (ParseCount(record["reassignment_count"]) + 1).ToString(CultureInfo.InvariantCulture);
        }

        if (changed.Contains("impact") || changed.Contains("urgency"))
        {
            record["priority"] = PriorityMatrix.Compute(record["impact"], record["urgency"]) ?? record["priority"];
        }

        if (changed.Contains("state"))
        {
            record["incident_state"] = record["state"];
            if (!changed.Contains("active"))
            {
                // Closed (7) and Canceled (8) end the incident; Resolved (6) is still active.
                record["active"] = record["state"] is "7" or "8" ? "false" : "true";
            }
        }
    }

    private List<JournalEntry> JournalOf(string sysId)
    {
        if (!_journals.TryGetValue(sysId, out var entries))
        {
            entries = [];
            _journals[sysId] = entries;
        }

        return entries;
    }

    private static int ParseCount(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;

    private static Dictionary<string, string> Copy(Dictionary<string, string> record) => new(record, StringComparer.Ordinal);
}
