using System.Collections.Frozen;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>The fields of one table, in wire order, with what the query and the renderer need to know about them.</summary>
internal sealed class TableSchema
{
    private readonly FrozenSet<string> _known;
    private readonly FrozenDictionary<string, string> _referenceTables;
    private readonly FrozenDictionary<string, FieldKind> _kinds;

    public TableSchema(
        string name,
        IReadOnlyList<string> fields,
        IReadOnlyDictionary<string, string> referenceTables,
        IEnumerable<string> numberFields,
        IEnumerable<string> dateTimeFields)
    {
        Name = name;
        Fields = fields;
        _known = fields.ToFrozenSet(StringComparer.Ordinal);
        _referenceTables = referenceTables.Where(r => _known.Contains(r.Key)).ToFrozenDictionary(StringComparer.Ordinal);
        _kinds = numberFields.Select(f => KeyValuePair.Create(f, FieldKind.Number))
            .Concat(dateTimeFields.Select(f => KeyValuePair.Create(f, FieldKind.DateTime)))
            .Where(k => _known.Contains(k.Key))
            .ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Name { get; }

    public IReadOnlyList<string> Fields { get; }

    public bool IsKnown(string field) => _known.Contains(field);

    public FieldKind KindOf(string field) => _kinds.GetValueOrDefault(field, FieldKind.Text);

    /// <summary>The table a reference field points at; its value is that table's <c>sys_id</c>.</summary>
    public bool TryGetReferenceTable(string field, out string table) =>
        _referenceTables.TryGetValue(field, out table!);
}
