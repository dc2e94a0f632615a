using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Adapter.Core.Platforms.ServiceNow;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>Adds the instance credentials to every Table API call: Basic, or an OAuth bearer
/// token that is cached, refreshed a minute before it expires, and renewed once on a 401.</summary>
internal sealed class ServiceNowAuthHandler(
    IOptionsMonitor<ServiceNowOptions> options,
    ServiceNowTokenCache tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (current.AuthMode == ServiceNowAuthMode.Basic)
        {
            var raw = Encoding.UTF8.GetBytes($"{current.UserName}:{current.Password}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
            return await base.SendAsync(request, cancellationToken);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(forceRefresh: false, cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(forceRefresh: true, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>One OAuth token per process, shared by all calls.</summary>
internal sealed class ServiceNowTokenCache(
    IServiceNowOAuthApi oauth,
    IOptionsMonitor<ServiceNowOptions> options,
    TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public async Task<string> GetAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!forceRefresh && _token is not null && time.GetUtcNow() < _expiresAt - RefreshMargin)
            {
                return _token;
            }

            var o = options.CurrentValue;
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = string.IsNullOrEmpty(o.Password) ? "client_credentials" : "password",
                ["client_id"] = o.ClientId,
                ["client_secret"] = o.ClientSecret,
            };
            if (!string.IsNullOrEmpty(o.Password))
            {
                form["username"] = o.UserName;
                form["password"] = o.Password;
            }

            using var response = await oauth.RequestTokenAsync(form, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content is not { AccessToken.Length: > 0 } token)
            {
                throw new HttpRequestException($"ServiceNow OAuth token request failed with HTTP {(int?)response.StatusCode}", null, response.StatusCode);
            }

            _token = token.AccessToken;
            _expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(token.ExpiresIn, 1));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
