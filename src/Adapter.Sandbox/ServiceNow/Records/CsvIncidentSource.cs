namespace Adapter.Sandbox.ServiceNow;

/// <summary>One ticket of a seed file: the batch CSV contract's <c>id,title,description</c> plus optional routing columns.</summary>
internal sealed record CsvIncidentRow(string Id, string Title, string Description, string? Category, string? Subcategory, string? AssignmentGroup);

/// <summary>
/// Reads a CSV with a header. Columns <c>id</c>, <c>title</c> and <c>description</c> are required;
/// <c>category</c>, <c>subcategory</c> and <c>assignment_group</c> are read when present. Every other column
/// (labels such as <c>severity</c>) is ignored, so labels never leak into incident fields.
/// </summary>
internal static class CsvIncidentSource
{
    private static readonly string[] RequiredColumns = ["id", "title", "description"];

    public static IReadOnlyList<CsvIncidentRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var records = Rfc4180Reader.ReadRecords(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new InvalidDataException($"{path} has no header row.");
        }

        var header = records.Current.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{path} lacks the column(s) {string.Join(", ", missing)}.");
        }

        var rows = new List<CsvIncidentRow>();
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record is [""])
            {
                continue; // a blank line
            }

            rows.Add(new CsvIncidentRow(
                Field(record, header, "id") ?? string.Empty,
                Field(record, header, "title") ?? string.Empty,
                Field(record, header, "description") ?? string.Empty,
                Field(record, header, "category"),
                Field(record, header, "subcategory"),
                Field(record, header, "assignment_group")));
        }

        return rows;
    }

    private static string? Field(IReadOnlyList<string> record, List<string> header, string column)
    {
        var index = header.IndexOf(column);
        return index < 0 ? null : index < record.Count ? record[index] : string.Empty;
    }
}
