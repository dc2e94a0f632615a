using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// <c>POST /oauth_token.do</c>: the password, client_credentials and refresh_token grants of the instance's
/// OAuth application, and the check of the bearer tokens it issued.
/// </summary>
internal sealed class OAuthTokenIssuer(ServiceNowSandboxOptions options)
{
    public const string Path = "/oauth_token.do";

    // Refresh tokens live far longer than access tokens (the instance's default is 100 days).
    private static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(100);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, IssuedToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedToken> _refreshTokens = new(StringComparer.Ordinal);
    private readonly string _userName = options.UserName;
    private readonly string _password = options.Password;
    private readonly string _clientId = options.ClientId;
    private readonly string _clientSecret = options.ClientSecret;
    private readonly TimeSpan _lifetime = options.TokenLifetime;
    private readonly TimeProvider _time = options.TimeProvider;

    public SandboxResponse Issue(SandboxRequest request)
    {
        var form = QueryString.Parse(request.Body);
        if (!SecretComparer.Matches(form.First("client_id"), _clientId)
            || !SecretComparer.Matches(form.First("client_secret"), _clientSecret))
        {
            return Denied();
        }

        var grant = form.First("grant_type");
        var user = grant switch
        {
            "password" => SecretComparer.Matches(form.First("username"), _userName)
                && SecretComparer.Matches(form.First("password"), _password) ? _userName : null,
            "client_credentials" => _userName,
            "refresh_token" => FindValid(_refreshTokens, form.First("refresh_token")),
            _ => null,
        };
        if (user is null)
        {
            return grant is "password" or "client_credentials" or "refresh_token"
                ? Denied()
                : new SandboxResponse(400, new JsonObject { ["error_description"] = "unsupported grant_type", ["error"] = "unsupported_grant_type" });
        }

        var now = _time.GetUtcNow();
        var accessToken = NewToken();
        var refreshToken = grant == "refresh_token" ? form.First("refresh_token")! : NewToken();
        lock (_gate)
        {
            _accessTokens[accessToken] = new IssuedToken(user, now + _lifetime);
            _refreshTokens.TryAdd(refreshToken, new IssuedToken(user, now + RefreshTokenLifetime));
        }

        return new SandboxResponse(200, new JsonObject
        {
            ["access_token"] = accessToken,
            ["refresh_token"] = refreshToken,
            ["scope"] = "useraccount",
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)_lifetime.TotalSeconds,
        });
    }

    /// <returns>The user a live access token was issued to, or <see langword="null"/>.</returns>
    public string? Authenticate(string accessToken) => FindValid(_accessTokens, accessToken);

    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
        }
    }

    public void ExpireAll()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
            _refreshTokens.Clear();
        }
    }

    private string? FindValid(Dictionary<string, IssuedToken> tokens, string? token)
    {
        if (token is null)
        {
            return null;
        }

        lock (_gate)
        {
            return tokens.TryGetValue(token, out var issued) && _time.GetUtcNow() < issued.ExpiresAt ? issued.UserName : null;
        }
    }

    // The instance answers a refused grant with 401 and this body.
    private static SandboxResponse Denied() =>
        new(401, new JsonObject { ["error_description"] = "access_denied", ["error"] = "server_error" });

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));

    private sealed record IssuedToken(string UserName, DateTimeOffset ExpiresAt);
}
