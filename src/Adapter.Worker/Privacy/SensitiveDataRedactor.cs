using System.Text.RegularExpressions;
using Adapter.Core.Privacy;
using Microsoft.Extensions.Primitives;

namespace Adapter.Worker.Privacy;

/// <summary>The one redactor of the worker, used by the logging pipeline for every event and by
/// the processor for the store's <c>last_error</c>. It replaces patient identifiers that can ride
/// along in exception messages, URLs and platform error bodies (MRN, date of birth, SSN, phone,
/// e-mail, long digit runs, slash dates) and the configured secret values. Ticket text itself
/// is never handed to a log or the store in the first place; this is the net under that rule.</summary>
public sealed partial class SensitiveDataRedactor : IDisposable
{
    /// <summary>Secrets shorter than this are not searched for (too many false hits).</summary>
    private const int MinimumSecretLength = 6;

    private static readonly string[] SecretKeySuffixes = ["password", "secret", "token", "apikey", "connectionstring"];

    private readonly IConfiguration? _configuration;
    private readonly IDisposable? _subscription;
    private volatile string[] _secrets = [];

    /// <summary>Redacts identifiers only (no configured secrets).</summary>
    public SensitiveDataRedactor()
    {
    }

    /// <summary>Redacts identifiers and the current values of secret keys (any key ending in
    /// Password, Secret, Token, ApiKey or ConnectionString), re-read when configuration reloads.</summary>
    public SensitiveDataRedactor(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        ReadSecrets();
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, ReadSecrets);
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "[secret]", StringComparison.Ordinal);
        }

        text = ConnectionPassword().Replace(text, "${key}=[secret]");
        return IdentifierRedactor.Redact(text);
    }

    public void Dispose() => _subscription?.Dispose();

    private void ReadSecrets()
    {
        _secrets = [.. _configuration!.AsEnumerable()
            .Where(kv => kv.Value is { Length: >= MinimumSecretLength } && IsSecretKey(kv.Key))
            .Select(kv => kv.Value!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)];
    }

    private static bool IsSecretKey(string key)
    {
        var name = key[(key.LastIndexOf(':') + 1)..];
        return SecretKeySuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\b(?<key>password|pwd)\s*=\s*[^;""'\s]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionPassword();
}
