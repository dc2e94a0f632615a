using System.Text.Json.Nodes;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// Writes a record as the instance does with <c>sysparm_display_value=false</c>: every value a string, a filled
/// reference as <c>{"link","value"}</c> unless <c>sysparm_exclude_reference_link=true</c>, an empty one as "".
/// </summary>
internal static class RecordRenderer
{
    public static JsonObject Render(IReadOnlyDictionary<string, string> row, TableSchema schema, TableQueryParameters parameters, string baseUrl)
    {
        var fields = parameters.Fields.Count == 0
            ? schema.Fields
            : parameters.Fields.Where(schema.IsKnown).Distinct(StringComparer.Ordinal);

        var result = new JsonObject();
        foreach (var field in fields)
        {
            var value = row.GetValueOrDefault(field, string.Empty);
            result[field] = value.Length > 0 && !parameters.ExcludeReferenceLink && schema.TryGetReferenceTable(field, out var table)
                ? new JsonObject { ["link"] = $"{baseUrl}/api/now/table/{table}/{value}", ["value"] = value }
                : JsonValue.Create(value);
        }

        return result;
    }
}
