using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Adapter.Sandbox.ServiceNow;
using Microsoft.Extensions.Time.Testing;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class OAuthTests : IDisposable
{
    private readonly FakeTimeProvider _clock = SandboxHttp.Clock();
    private readonly ServiceNowSandbox _sandbox;
    private readonly HttpClient _client;

    public OAuthTests()
    {
        _sandbox = ServiceNowSandbox.Start(new ServiceNowSandboxOptions
        {
            ClientId = "triage-adapter",
            ClientSecret = "s3cret",
            TokenLifetime = TimeSpan.FromMinutes(30),
            TimeProvider = _clock,
        });
        _client = SandboxHttp.AnonymousClient(_sandbox);
    }

    public void Dispose()
    {
        _client.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task PostToken_WithPasswordGrant_IssuesBearerTokenThatReadsTheTable()
    {
        var token = await RequestTokenAsync(Grant("password"));

        Assert.Equal("Bearer", token["token_type"].Text());
        Assert.Equal(1800, token["expires_in"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(token["refresh_token"].Text()));
        Assert.False(string.IsNullOrEmpty(token["scope"].Text()));
        Assert.Equal(HttpStatusCode.OK, await GetIncidentsAsync(token["access_token"].Text()));
    }

    [Fact]
    public async Task PostToken_WithClientCredentialsGrant_IssuesToken()
    {
        var token = await RequestTokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = "triage-adapter", ["client_secret"] = "s3cret" });

        Assert.Equal(HttpStatusCode.OK, await GetIncidentsAsync(token["access_token"].Text()));
    }

    [Fact]
    public async Task PostToken_WithWrongClientSecret_Returns401()
    {
        var form = Grant("password");
        form["client_secret"] = "guess";
        using var content = new FormUrlEncodedContent(form);

        using var response = await _client.PostAsync(new Uri("/oauth_token.do", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithTokenPastItsLifetime_ReturnsRecorded401Body()
    {
        var token = (await RequestTokenAsync(Grant("password")))["access_token"].Text();
        Assert.Equal(HttpStatusCode.OK, await GetIncidentsAsync(token));

        _clock.Advance(TimeSpan.FromMinutes(30));

        using var request = new HttpRequestMessage(HttpMethod.Get, SandboxHttp.Incidents());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(SandboxHttp.Fixture("401.json"), await response.ReadJsonAsync()));
    }

    [Fact]
    public async Task Get_AfterExpireAllTokens_Returns401UntilANewTokenIsIssued()
    {
        var token = (await RequestTokenAsync(Grant("password")))["access_token"].Text();

        _sandbox.ExpireAllTokens();

        Assert.Equal(HttpStatusCode.Unauthorized, await GetIncidentsAsync(token));
        var fresh = (await RequestTokenAsync(Grant("password")))["access_token"].Text();
        Assert.Equal(HttpStatusCode.OK, await GetIncidentsAsync(fresh));
    }

    [Fact]
    public async Task PostToken_WithRefreshGrant_IssuesNewAccessToken()
    {
        var first = await RequestTokenAsync(Grant("password"));
        _sandbox.ExpireAccessTokens();

        var refreshed = await RequestTokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "triage-adapter",
            ["client_secret"] = "s3cret",
            ["refresh_token"] = first["refresh_token"].Text(),
        });

        Assert.NotEqual(first["access_token"].Text(), refreshed["access_token"].Text());
        Assert.Equal(HttpStatusCode.OK, await GetIncidentsAsync(refreshed["access_token"].Text()));
    }

    [Fact]
    public async Task Patch_WithBearerToken_StampsTheTokenUser()
    {
        var sysId = _sandbox.AddIncident(new Dictionary<string, string>());
        var token = (await RequestTokenAsync(Grant("password")))["access_token"].Text();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _client.PatchJsonAsync(SandboxHttp.Incident(sysId), new Dictionary<string, string> { ["category"] = "clinical" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SandboxHttp.UserName, _sandbox.GetIncident(sysId)["sys_updated_by"]);
    }

    private static Dictionary<string, string> Grant(string grantType) => new()
    {
        ["grant_type"] = grantType,
        ["client_id"] = "triage-adapter",
        ["client_secret"] = "s3cret",
        ["username"] = SandboxHttp.UserName,
        ["password"] = SandboxHttp.Password,
    };

    private async Task<JsonNode> RequestTokenAsync(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await _client.PostAsync(new Uri("/oauth_token.do", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<HttpStatusCode> GetIncidentsAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SandboxHttp.Incidents());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }
}
