using System.Text.Json.Nodes;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class ReferenceFieldTests : IDisposable
{
    private readonly ServiceNowSandbox _sandbox = ServiceNowSandbox.Start();
    private readonly HttpClient _client;
    private readonly string _groupId;
    private readonly string _sysId;

    public ReferenceFieldTests()
    {
        _client = SandboxHttp.Client(_sandbox);
        _groupId = _sandbox.AddGroup("Interface Team");
        _sysId = _sandbox.AddIncident(new Dictionary<string, string> { ["assignment_group"] = _groupId });
    }

    public void Dispose()
    {
        _client.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Get_WithoutExcludeReferenceLink_ReturnsReferenceAsLinkAndValue()
    {
        using var response = await _client.GetAsync(SandboxHttp.Incident(_sysId));
        var group = (await response.ReadJsonAsync())["result"]!["assignment_group"]!;

        Assert.Equal($"{_sandbox.Url}/api/now/table/sys_user_group/{_groupId}", group["link"].Text());
        Assert.Equal(_groupId, group["value"].Text());
    }

    [Fact]
    public async Task Get_WithExcludeReferenceLinkTrue_ReturnsReferenceAsSysIdString()
    {
        using var response = await _client.GetAsync(SandboxHttp.Incidents(("sysparm_exclude_reference_link", "true")));
        var row = (await response.ReadJsonAsync())["result"]![0]!;

        Assert.Equal(_groupId, row["assignment_group"].Text());
        Assert.Equal("global", row["sys_domain"].Text());
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task Get_WithEmptyReference_ReturnsEmptyString(string exclude)
    {
        using var response = await _client.GetAsync(SandboxHttp.Incident(_sysId, ("sysparm_exclude_reference_link", exclude)));
        var caller = (await response.ReadJsonAsync())["result"]!["caller_id"];

        Assert.Equal(System.Text.Json.JsonValueKind.String, JsonValueKind(caller));
        Assert.Equal(string.Empty, caller.Text());
    }

    [Fact]
    public async Task Get_WithDisplayValueFalse_IsAccepted()
    {
        using var response = await _client.GetAsync(SandboxHttp.Incident(_sysId, ("sysparm_display_value", "false"), ("sysparm_fields", "sys_id")));

        Assert.Equal(_sysId, (await response.ReadJsonAsync())["result"]!["sys_id"].Text());
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
}
