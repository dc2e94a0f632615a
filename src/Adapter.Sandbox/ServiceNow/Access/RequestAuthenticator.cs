using System.Text;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>Reads the <c>Authorization</c> header: Basic with the integration user, or a Bearer token from <c>/oauth_token.do</c>.</summary>
internal sealed class RequestAuthenticator(string userName, string password, OAuthTokenIssuer tokens)
{
    /// <returns>The authenticated user name, or <see langword="null"/> for missing or invalid credentials.</returns>
    public string? Authenticate(string? authorization)
    {
        if (TryReadScheme(authorization, "Basic", out var basic))
        {
            return TryDecodeBasic(basic, out var user, out var secret)
                && SecretComparer.Matches(user, userName) & SecretComparer.Matches(secret, password)
                    ? userName
                    : null;
        }

        return TryReadScheme(authorization, "Bearer", out var bearer) ? tokens.Authenticate(bearer) : null;
    }

    private static bool TryReadScheme(string? header, string scheme, out string parameter)
    {
        parameter = string.Empty;
        if (header is null || header.Length <= scheme.Length + 1
            || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header[scheme.Length] != ' ')
        {
            return false;
        }

        parameter = header[(scheme.Length + 1)..].Trim();
        return true;
    }

    private static bool TryDecodeBasic(string encoded, out string user, out string secret)
    {
        user = secret = string.Empty;
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = text[..colon];
        secret = text[(colon + 1)..];
        return true;
    }
}
