using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Adapter.Sandbox.ServiceNow;
using Microsoft.Extensions.Time.Testing;

namespace Adapter.Sandbox.Tests.ServiceNow;

/// <summary>Real HTTP against a sandbox: clients, encoded URIs and JSON reading.</summary>
internal static class SandboxHttp
{
    public const string IncidentPath = "/api/now/table/incident";
    public const string UserName = "adapter.integration";
    public const string Password = "sandbox-password";

    public static readonly DateTimeOffset Start = new(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static HttpClient Client(ServiceNowSandbox sandbox)
    {
        var client = new HttpClient { BaseAddress = new Uri(sandbox.Url) };
        client.DefaultRequestHeaders.Authorization = Basic(UserName, Password);
        return client;
    }

    public static HttpClient AnonymousClient(ServiceNowSandbox sandbox) => new() { BaseAddress = new Uri(sandbox.Url) };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary><c>/api/now/table/incident?name=value&amp;...</c> with every value escaped.</summary>
    public static Uri Incidents(params (string Name, string Value)[] parameters) => Table("incident", parameters);

    public static Uri Table(string table, params (string Name, string Value)[] parameters)
    {
        var query = string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
        return new Uri($"/api/now/table/{table}" + (query.Length > 0 ? "?" + query : string.Empty), UriKind.Relative);
    }

    public static Uri Incident(string sysId, params (string Name, string Value)[] parameters) =>
        Table("incident/" + sysId, parameters);

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("The body is JSON null.");

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, Uri uri, IDictionary<string, string> fields) =>
        client.PatchAsync(uri, JsonContent.Create(fields));

    /// <summary>The <c>correlation_id</c> of each row of a list answer, in order.</summary>
    public static IReadOnlyList<string> CorrelationIds(JsonNode body) =>
        [.. body["result"]!.AsArray().Select(row => row!["correlation_id"]!.GetValue<string>())];

    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidOperationException("No value.");

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : string.Empty;

    public static JsonNode Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)))!;
}
