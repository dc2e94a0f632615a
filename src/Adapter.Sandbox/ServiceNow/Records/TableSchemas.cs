using System.Text.Json.Nodes;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>The tables the sandbox serves.</summary>
internal static class TableSchemas
{
    public const string IncidentTable = "incident";
    public const string GroupTable = "sys_user_group";

    private const string IncidentFixture = "Adapter.Sandbox.ServiceNow.Fixtures.GET-incident-200.json";

    public static TableSchema Incident { get; } = new(
        IncidentTable,
        ReadIncidentFields(),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["parent"] = "task",
            ["caused_by"] = "change_request",
            ["opened_by"] = "sys_user",
            ["resolved_by"] = "sys_user",
            ["closed_by"] = "sys_user",
            ["reopened_by"] = "sys_user",
            ["assigned_to"] = "sys_user",
            ["caller_id"] = "sys_user",
            ["assignment_group"] = "sys_user_group",
            // The recorded instance links sys_domain to sys_user_group; kept as recorded.
            ["sys_domain"] = "sys_user_group",
            ["cmdb_ci"] = "cmdb_ci",
            ["business_service"] = "cmdb_ci_service",
            ["service_offering"] = "service_offering",
            ["parent_incident"] = "incident",
            ["problem_id"] = "problem",
            ["rfc"] = "change_request",
            ["company"] = "core_company",
            ["location"] = "cmn_location",
            ["contract"] = "ast_contract",
            ["universal_request"] = "universal_request",
            ["delivery_plan"] = "sc_cat_item_delivery_plan",
            ["delivery_task"] = "sc_cat_item_delivery_task",
        },
        [
            "sys_mod_count", "reassignment_count", "reopen_count", "child_incidents", "impact", "urgency",
            "priority", "severity", "state", "incident_state", "hold_reason", "notify", "escalation", "order",
            "business_stc", "calendar_stc",
        ],
        [
            "sys_created_on", "sys_updated_on", "opened_at", "closed_at", "resolved_at", "reopened_time",
            "activity_due", "due_date", "expected_start", "work_start", "work_end", "sla_due", "follow_up",
        ]);

    public static TableSchema Group { get; } = new(
        GroupTable,
        ["sys_id", "name", "active", "description"],
        new Dictionary<string, string>(StringComparer.Ordinal),
        [],
        []);

    private static string[] ReadIncidentFields()
    {
        using var stream = typeof(TableSchemas).Assembly.GetManifestResourceStream(IncidentFixture)
            ?? throw new InvalidOperationException($"The embedded resource {IncidentFixture} is missing.");
        var recorded = JsonNode.Parse(stream)?["result"]?[0]?.AsObject()
            ?? throw new InvalidOperationException($"{IncidentFixture} holds no incident.");
        return [.. recorded.Select(p => p.Key)];
    }
}
