using Refit;

namespace Adapter.Core.Platforms.ServiceNow;

/// <summary>The subset of the ServiceNow Table API the adapter uses.</summary>
public interface IServiceNowTableApi
{
    [Get("/api/now/table/{table}")]
    Task<IApiResponse<ServiceNowResult<List<ServiceNowIncident>>>> ListAsync(
        string table,
        [AliasAs("sysparm_query")] string query,
        [AliasAs("sysparm_limit")] int limit,
        [AliasAs("sysparm_offset")] int offset,
        [AliasAs("sysparm_fields")] string fields,
        CancellationToken cancellationToken,
        [AliasAs("sysparm_exclude_reference_link")] string excludeReferenceLink = "true",
        [AliasAs("sysparm_display_value")] string displayValue = "false");

    /// <summary>Rows as raw JSON, for checking that every term of a filter took effect.</summary>
    [Get("/api/now/table/{table}")]
    Task<IApiResponse<ServiceNowResult<List<Dictionary<string, System.Text.Json.JsonElement>>>>> ListRawAsync(
        string table,
        [AliasAs("sysparm_query")] string query,
        [AliasAs("sysparm_limit")] int limit,
        [AliasAs("sysparm_fields")] string fields,
        CancellationToken cancellationToken,
        [AliasAs("sysparm_exclude_reference_link")] string excludeReferenceLink = "true");

    [Get("/api/now/table/{table}/{sysId}")]
    Task<IApiResponse<ServiceNowResult<ServiceNowIncident>>> GetAsync(
        string table,
        string sysId,
        [AliasAs("sysparm_fields")] string fields,
        CancellationToken cancellationToken,
        [AliasAs("sysparm_exclude_reference_link")] string excludeReferenceLink = "true");

    [Patch("/api/now/table/{table}/{sysId}")]
    Task<IApiResponse<ServiceNowResult<ServiceNowIncident>>> PatchAsync(
        string table,
        string sysId,
        [Body] IReadOnlyDictionary<string, string> fields,
        [AliasAs("sysparm_fields")] string responseFields,
        CancellationToken cancellationToken,
        [AliasAs("sysparm_exclude_reference_link")] string excludeReferenceLink = "true");
}

/// <summary>The instance's OAuth 2.0 token endpoint.</summary>
public interface IServiceNowOAuthApi
{
    [Post("/oauth_token.do")]
    Task<IApiResponse<ServiceNowToken>> RequestTokenAsync(
        [Body(BodySerializationMethod.UrlEncoded)] IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken);
}
