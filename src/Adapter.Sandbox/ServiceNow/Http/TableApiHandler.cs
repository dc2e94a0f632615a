using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// The Table API for an authenticated request: list and read <c>incident</c> and <c>sys_user_group</c>,
/// update incidents with PATCH or PUT. Any other table is an invalid table.
/// </summary>
internal sealed class TableApiHandler(
    IncidentStore incidents,
    GroupDirectory groups,
    string baseUrl,
    Action<IReadOnlyList<string>> reportIgnoredTerms)
{
    public const string PathPrefix = "/api/now/table/";

    public SandboxResponse Handle(SandboxRequest request, string userName)
    {
        var segments = request.Path.Length > PathPrefix.Length
            ? request.Path[PathPrefix.Length..].TrimEnd('/').Split('/')
            : [string.Empty];
        var table = segments[0];
        var schema = table switch
        {
            TableSchemas.IncidentTable => IncidentStore.Schema,
            TableSchemas.GroupTable => GroupDirectory.Schema,
            _ => null,
        };
        if (schema is null)
        {
            return ServiceNowErrors.InvalidTable(table);
        }

        if (segments.Length > 2)
        {
            return SandboxResponse.Error(400, "Requested URI does not represent any resource", null);
        }

        var sysId = segments.Length == 2 ? segments[1] : null;
        var parameters = TableQueryParameters.From(request.Query);
        var isIncident = schema == IncidentStore.Schema;
        return (request.Method, sysId) switch
        {
            ("GET", null) => List(request, schema, isIncident ? incidents.Snapshot() : groups.Snapshot(), parameters),
            ("GET", { } id) => Single(schema, isIncident ? incidents.Find(id) : groups.Find(id), parameters),
            ("PATCH" or "PUT", { } id) when isIncident => Update(request, id, userName, parameters),
            _ => ServiceNowErrors.MethodNotSupported(request.Method),
        };
    }

    /// <summary>See <see cref="SandboxFaultKinds.RejectedByDataPolicy"/>.</summary>
    public SandboxResponse RejectByDataPolicy(SandboxRequest request)
    {
        var segments = request.Path.Length > PathPrefix.Length ? request.Path[PathPrefix.Length..].TrimEnd('/').Split('/') : [];
        var all = segments.Length == 2 ? [] : incidents.Snapshot();
        var record = segments.Length == 2 ? incidents.Find(segments[1]) : all.Count > 0 ? all[0] : null;
        var quoted = record is not null && record.TryGetValue("short_description", out var text) ? text : "";
        return ServiceNowErrors.DataPolicyAbort(quoted);
    }

    private SandboxResponse List(
        SandboxRequest request,
        TableSchema schema,
        IReadOnlyList<IReadOnlyDictionary<string, string>> rows,
        TableQueryParameters parameters)
    {
        var query = EncodedQueryParser.Parse(parameters.Query, schema);
        if (query.IgnoredTerms.Count > 0)
        {
            reportIgnoredTerms(query.IgnoredTerms);
        }

        var matching = query.Apply(rows);
        var page = matching
            .Skip(parameters.Offset)
            .Take(parameters.Limit)
            .Select(row => (JsonNode?)RecordRenderer.Render(row, schema, parameters, baseUrl));
        var response = SandboxResponse.Result(new JsonArray([.. page]));
        if (!parameters.NoCount)
        {
            response.WithHeader("X-Total-Count", matching.Count.ToString(CultureInfo.InvariantCulture));
        }

        if (!parameters.SuppressPaginationHeader)
        {
            response.WithHeader(
                "Link",
                PaginationLinks.Build(baseUrl, request.Path, request.Query, parameters.Offset, parameters.Limit, matching.Count));
        }

        return response;
    }

    private SandboxResponse Single(TableSchema schema, IReadOnlyDictionary<string, string>? row, TableQueryParameters parameters) =>
        row is null
            ? ServiceNowErrors.RecordNotFound()
            : SandboxResponse.Result(RecordRenderer.Render(row, schema, parameters, baseUrl));

    private SandboxResponse Update(SandboxRequest request, string sysId, string userName, TableQueryParameters parameters)
    {
        if (!TryReadFieldValues(request.Body, out var changes))
        {
            return ServiceNowErrors.InvalidBody();
        }

        var updated = incidents.Update(sysId, changes, userName);
        return Single(IncidentStore.Schema, updated, parameters);
    }

    /// <summary>Reads a JSON object of field values; numbers and booleans become their text, null becomes "".</summary>
    private static bool TryReadFieldValues(string? body, out List<KeyValuePair<string, string>> changes)
    {
        changes = [];
        JsonObject? fields;
        try
        {
            fields = JsonNode.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body) as JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }

        if (fields is null)
        {
            return false;
        }

        foreach (var (name, node) in fields)
        {
            if (node is not null and not JsonValue)
            {
                return false;
            }

            var value = node is null ? string.Empty
                : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>()
                : node.ToJsonString();
            changes.Add(KeyValuePair.Create(name, value));
        }

        return true;
    }
}
