using System.Text.Json.Serialization;

namespace Adapter.Core.Platforms.ServiceNow;

/// <summary>The Table API's <c>{"result": …}</c> envelope.</summary>
public sealed class ServiceNowResult<T>
{
    [JsonPropertyName("result")]
    public T? Result { get; set; }
}

/// <summary>The Table API's error body: <c>{"error":{"message","detail"},"status":"failure"}</c>.</summary>
public sealed class ServiceNowErrorBody
{
    [JsonPropertyName("error")]
    public ServiceNowErrorDetail? Error { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }
}

public sealed class ServiceNowErrorDetail
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("detail")]
    public string? Detail { get; set; }
}

/// <summary>The incident fields the adapter reads. Text fields are read to classify and then
/// dropped; nothing here is stored or logged except ids, versions and routing values.</summary>
public sealed class ServiceNowIncident
{
    /// <summary>Fields requested with <c>sysparm_fields</c>.</summary>
    public const string FieldList =
        "sys_id,number,short_description,description,category,subcategory,assignment_group,impact,urgency,state,active,sys_mod_count,sys_updated_on,sys_updated_by,sys_created_on,reassignment_count";

    /// <summary>Fields the poller needs to enqueue and to check its watermark.</summary>
    public const string PollFieldList = "sys_id,sys_mod_count,sys_updated_on,sys_updated_by";

    [JsonPropertyName("sys_id")]
    public string SysId { get; set; } = "";

    [JsonPropertyName("number")]
    public string Number { get; set; } = "";

    [JsonPropertyName("short_description")]
    public string ShortDescription { get; set; } = "";

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";

    [JsonPropertyName("category")]
    public string Category { get; set; } = "";

    [JsonPropertyName("subcategory")]
    public string Subcategory { get; set; } = "";

    [JsonPropertyName("assignment_group")]
    [JsonConverter(typeof(ServiceNowReferenceConverter))]
    public string AssignmentGroup { get; set; } = "";

    [JsonPropertyName("impact")]
    public string Impact { get; set; } = "";

    [JsonPropertyName("urgency")]
    public string Urgency { get; set; } = "";

    [JsonPropertyName("state")]
    public string State { get; set; } = "";

    [JsonPropertyName("active")]
    public string Active { get; set; } = "";

    [JsonPropertyName("sys_mod_count")]
    [JsonConverter(typeof(ServiceNowIntConverter))]
    public int SysModCount { get; set; }

    [JsonPropertyName("sys_updated_on")]
    [JsonConverter(typeof(ServiceNowTimeConverter))]
    public DateTimeOffset? SysUpdatedOn { get; set; }

    [JsonPropertyName("sys_created_on")]
    [JsonConverter(typeof(ServiceNowTimeConverter))]
    public DateTimeOffset? SysCreatedOn { get; set; }

    [JsonPropertyName("sys_updated_by")]
    public string SysUpdatedBy { get; set; } = "";

    [JsonPropertyName("reassignment_count")]
    [JsonConverter(typeof(ServiceNowIntConverter))]
    public int ReassignmentCount { get; set; }

    /// <summary>Fields requested beyond the ones above (for example the escalation link fields), as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? OtherFields { get; set; }

    /// <summary>A requested field that has no property above, as a string ("" when absent).</summary>
    public string Other(string field) =>
        OtherFields is not null && OtherFields.TryGetValue(field, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() ?? "" : "";

    /// <summary>The current value of a routing field by its wire name.</summary>
    public string RoutingValue(string field) => field switch
    {
        "category" => Category,
        "subcategory" => Subcategory,
        "assignment_group" => AssignmentGroup,
        "impact" => Impact,
        "urgency" => Urgency,
        _ => "",
    };
}

/// <summary>The answer of <c>/oauth_token.do</c>.</summary>
public sealed class ServiceNowToken
{
    [JsonPropertyName("access_token")]
    public string AccessToken { get; set; } = "";

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    [JsonPropertyName("token_type")]
    public string TokenType { get; set; } = "";
}
