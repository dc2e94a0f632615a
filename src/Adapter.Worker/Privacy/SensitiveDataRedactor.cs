using System.Text.RegularExpressions;
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
        text = Email().Replace(text, "[email]");
        text = Ssn().Replace(text, "[ssn]");
        text = Mrn().Replace(text, "[mrn]");
        text = Dob().Replace(text, "[dob]");
        text = SlashDate().Replace(text, "[date]");
        text = Phone().Replace(text, "[phone]");
        return LongNumber().Replace(text, "[number]");
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

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{3}[- ]\d{2}[- ]\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"\b(?:MRN|med(?:ical)?\s*rec(?:ord)?(?:\s*(?:number|no\.?|num|#))?)\s*(?:is\s+|[:#=]\s*)?[A-Z0-9][A-Z0-9-]{3,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Mrn();

    [GeneratedRegex(@"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)\s*(?:is\s+|[:#=]\s*)?\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Dob();

    [GeneratedRegex(@"\b\d{1,2}/\d{1,2}/\d{2,4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"(?<!\w)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<!\w|\d[.,]|\w:)\d{7,}(?!\w|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumber();
}
