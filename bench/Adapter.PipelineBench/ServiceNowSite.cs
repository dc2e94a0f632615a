using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.PipelineBench;

/// <summary>The ServiceNow sandbox with the routing groups of <c>appsettings.json</c>; notices are
/// signed as the business rule signs them; the adapter's note is the incident's work note.</summary>
internal sealed class ServiceNowSite : IBenchSite
{
    /// <summary>What the read and write counts are made of.</summary>
    public const string CallsCounted = "reads: `GET " + IncidentPath + "`; writes: `PATCH " + IncidentPath + "` (fields and work note in one)";

    public const string UserName = "adapter.integration";
    private const string Password = "bench-sandbox-password";
    private const string Secret = "bench-webhook-secret-not-real";
    private const string IncidentPath = "/api/now/table/incident";
    private readonly ServiceNowSandbox _sandbox;
    private readonly Dictionary<string, string> _settings;

    public ServiceNowSite(int instanceRequestsPerSecond)
    {
        _sandbox = ServiceNowSandbox.Start(new ServiceNowSandboxOptions { UserName = UserName, Password = Password });
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ServiceNow:Enabled"] = "true",
            ["ServiceNow:InstanceUrl"] = _sandbox.Url,
            ["ServiceNow:UserName"] = UserName,
            ["ServiceNow:Password"] = Password,
            ["ServiceNow:WebhookSecret"] = Secret,
            ["ServiceNow:RequestsPerSecond"] = instanceRequestsPerSecond.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var group in RepositoryFiles.RoutingGroups())
        {
            _settings[$"ServiceNow:Fields:AssignmentGroups:{group}"] = _sandbox.AddGroup(group);
        }
    }

    public PlatformKind Platform => PlatformKind.ServiceNow;

    public IReadOnlyDictionary<string, string> WorkerSettings => _settings;

    public string PollingEnabledKey => "ServiceNow:PollingEnabled";

    public string PollIntervalKey => "ServiceNow:PollInterval";

    public string CallsDescription => CallsCounted;

    public string AddTicket(int index)
    {
        var ticket = RepositoryFiles.Tickets[index % RepositoryFiles.Tickets.Count];
        return _sandbox.AddIncident(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["short_description"] = ticket.Title,
            ["description"] = ticket.Description,
            ["correlation_id"] = string.Create(CultureInfo.InvariantCulture, $"B{index:D7}"),
        });
    }

    public HttpRequestMessage Notice(string id)
    {
        var updatedOn = _sandbox.GetIncident(id)["sys_updated_on"];
        var body = Encoding.UTF8.GetBytes($"{{\"table\":\"incident\",\"sys_id\":\"{id}\",\"sys_updated_on\":\"{updatedOn}\",\"operation\":\"insert\"}}");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/servicenow") { Content = content };
        request.Headers.Add("X-Adapter-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        return request;
    }

    public IReadOnlyList<DateTimeOffset> AdapterNotes(string id) => [.. _sandbox.WorkNotes(id).Select(n => n.CreatedOn)];

    public PlatformCalls Calls() => new(_sandbox.CountRequests("GET", IncidentPath), _sandbox.CountRequests("PATCH", IncidentPath));

    public void Dispose() => _sandbox.Dispose();
}
