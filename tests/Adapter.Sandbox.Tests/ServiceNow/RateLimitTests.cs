using System.Net;
using Adapter.Sandbox.ServiceNow;
using Microsoft.Extensions.Time.Testing;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class RateLimitTests : IDisposable
{
    private readonly FakeTimeProvider _clock = SandboxHttp.Clock();
    private readonly ServiceNowSandbox _sandbox;
    private readonly HttpClient _client;

    public RateLimitTests()
    {
        _sandbox = ServiceNowSandbox.Start(new ServiceNowSandboxOptions { RateLimitPerSecond = 2, TimeProvider = _clock });
        _client = SandboxHttp.Client(_sandbox);
    }

    public void Dispose()
    {
        _client.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Get_UnderTheRule_CarriesRateLimitHeaders()
    {
        using var response = await _client.GetAsync(SandboxHttp.Incidents());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Header("X-RateLimit-Limit"));
        Assert.Equal(SandboxHttp.Start.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("X-RateLimit-Reset"));
        Assert.Matches("^[0-9a-f]{32}$", response.Header("X-RateLimit-Rule"));
    }

    [Fact]
    public async Task Get_OverTheRule_Returns429WithRetryAfterAndErrorEnvelope()
    {
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await _client.GetAsync(SandboxHttp.Incidents());
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var response = await _client.GetAsync(SandboxHttp.Incidents());
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("2", response.Header("X-RateLimit-Limit"));
        Assert.Equal("failure", body["status"].Text());
        Assert.Equal("Too many requests received", body["error"]!["message"].Text());
    }

    [Fact]
    public async Task Get_InTheNextSecond_IsAllowedAgain()
    {
        for (var i = 0; i < 3; i++)
        {
            using var _ = await _client.GetAsync(SandboxHttp.Incidents());
        }

        _clock.Advance(TimeSpan.FromSeconds(1));

        using var response = await _client.GetAsync(SandboxHttp.Incidents());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
