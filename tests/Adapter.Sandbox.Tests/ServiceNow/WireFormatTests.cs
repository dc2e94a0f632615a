using System.Text.Json;
using System.Text.Json.Nodes;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Tests.ServiceNow;

/// <summary>The sandbox's incidents hold to the recorded GET-incident-200.json.</summary>
public sealed class WireFormatTests : IDisposable
{
    private readonly ServiceNowSandbox _sandbox = ServiceNowSandbox.Start();
    private readonly HttpClient _client;
    private readonly JsonObject _recorded = SandboxHttp.Fixture("GET-incident-200.json")["result"]![0]!.AsObject();

    public WireFormatTests() => _client = SandboxHttp.Client(_sandbox);

    public void Dispose()
    {
        _client.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public void AddIncident_Always_StoresExactlyTheRecordedFields()
    {
        var sysId = _sandbox.AddIncident(new Dictionary<string, string>());

        Assert.Equal(_recorded.Select(p => p.Key).Order(), _sandbox.GetIncident(sysId).Keys.Order());
    }

    [Fact]
    public async Task Get_Incident_HasTheRecordedKeysInOrderAndOnlyStringsOrLinks()
    {
        _sandbox.AddIncident(new Dictionary<string, string> { ["assignment_group"] = _sandbox.AddGroup("Informatics"), ["opened_by"] = "6816f79cc0a8016401c5a33be04be441" });

        using var response = await _client.GetAsync(SandboxHttp.Incidents());
        var row = (await response.ReadJsonAsync())["result"]![0]!.AsObject();

        Assert.Equal(_recorded.Select(p => p.Key), row.Select(p => p.Key));
        foreach (var (field, value) in row)
        {
            if (value is JsonObject reference)
            {
                Assert.Equal(["link", "value"], reference.Select(p => p.Key));
                Assert.All(reference, p => Assert.Equal(JsonValueKind.String, p.Value!.GetValueKind()));
            }
            else
            {
                Assert.True(value!.GetValueKind() == JsonValueKind.String, $"{field} is not a string");
            }
        }
    }

    [Fact]
    public async Task Get_Incident_LinksReferencesAsTheRecordedInstanceDoes()
    {
        _sandbox.AddIncident(new Dictionary<string, string> { ["opened_by"] = "6816f79cc0a8016401c5a33be04be441" });

        using var response = await _client.GetAsync(SandboxHttp.Incidents());
        var row = (await response.ReadJsonAsync())["result"]![0]!;

        foreach (var field in new[] { "opened_by", "sys_domain" })
        {
            var recordedLink = new Uri(_recorded[field]!["link"].Text());
            var link = new Uri(row[field]!["link"].Text());
            Assert.Equal(recordedLink.AbsolutePath, link.AbsolutePath);
            Assert.Equal(_recorded[field]!["value"].Text(), row[field]!["value"].Text());
        }
    }

    [Fact]
    public async Task Get_WithExcludeReferenceLink_ReturnsOnlyStrings()
    {
        _sandbox.AddIncident(new Dictionary<string, string> { ["assignment_group"] = _sandbox.AddGroup("Informatics") });

        using var response = await _client.GetAsync(SandboxHttp.Incidents(("sysparm_exclude_reference_link", "true")));
        var row = (await response.ReadJsonAsync())["result"]![0]!.AsObject();

        Assert.All(row, p => Assert.Equal(JsonValueKind.String, p.Value!.GetValueKind()));
    }
}
