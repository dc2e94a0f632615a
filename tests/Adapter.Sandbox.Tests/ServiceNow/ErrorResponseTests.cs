using System.Net;
using System.Text.Json.Nodes;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class ErrorResponseTests : IDisposable
{
    private readonly ServiceNowSandbox _sandbox = ServiceNowSandbox.Start();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Get_UnknownSysId_ReturnsRecordedNotFoundBody()
    {
        using var client = SandboxHttp.Client(_sandbox);

        using var response = await client.GetAsync(SandboxHttp.Incident("0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(SandboxHttp.Fixture("sys_id-404.json"), await response.ReadJsonAsync()));
    }

    [Fact]
    public async Task Get_UnknownTable_ReturnsInvalidTableBody()
    {
        using var client = SandboxHttp.Client(_sandbox);

        using var response = await client.GetAsync(SandboxHttp.Table("u_tickets"));
        var body = await response.ReadJsonAsync();

        var expected = SandboxHttp.Fixture("tableName-404.json");
        expected["error"]!["message"] = "Invalid table u_tickets";
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public async Task Get_WithoutAuthorization_ReturnsRecorded401Body()
    {
        using var client = SandboxHttp.AnonymousClient(_sandbox);

        using var response = await client.GetAsync(SandboxHttp.Incidents());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(SandboxHttp.Fixture("401.json"), await response.ReadJsonAsync()));
    }

    [Fact]
    public async Task Get_WithWrongPassword_ReturnsRecorded401Body()
    {
        using var client = SandboxHttp.AnonymousClient(_sandbox);
        client.DefaultRequestHeaders.Authorization = SandboxHttp.Basic(SandboxHttp.UserName, "not-the-password");

        using var response = await client.GetAsync(SandboxHttp.Incidents());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(SandboxHttp.Fixture("401.json"), await response.ReadJsonAsync()));
    }

    [Fact]
    public async Task Delete_Incident_ReturnsErrorEnvelope()
    {
        using var client = SandboxHttp.Client(_sandbox);
        var sysId = _sandbox.AddIncident(new Dictionary<string, string>());

        using var response = await client.DeleteAsync(SandboxHttp.Incident(sysId));
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("failure", body["status"].Text());
        Assert.Single(_sandbox.Incidents);
    }
}
