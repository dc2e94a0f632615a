using System.Security.Cryptography;
using System.Text;
using Adapter.Core.Classification;
using Adapter.Worker.Hosting;
using Microsoft.Extensions.Primitives;

namespace Adapter.Worker.Processing;

/// <summary>The classifier built from the current <c>Triage</c> section. An edit to the
/// configuration applies to the next ticket; an edit that does not validate (the whole
/// configuration is checked, as at start, so a new group without a platform mapping is refused
/// too) or a file that does not parse keeps the last good rules and is reported with its key
/// path and reason: an error log per problem, <c>/readyz</c>, and the
/// <c>adapter_config_edit_rejected</c> gauge, set here, when the edit is refused.</summary>
public sealed partial class TriageRules : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly AdapterMetrics _metrics;
    private readonly ILogger<TriageRules> _logger;
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private volatile TriageClassifier _current;
    private volatile ConfigProblem[] _rejected = [];
    private string _applied;
    private int _generation = 1;

    public TriageRules(IConfiguration configuration, AdapterMetrics metrics, ILogger<TriageRules> logger)
    {
        _configuration = configuration;
        _metrics = metrics;
        _logger = logger;
        _current = TriageConfigurationReader.BuildClassifier(configuration);
        _applied = Fingerprint(configuration);
        _metrics.ConfigRejected(false);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public TriageClassifier Current => _current;

    /// <summary>Problems of the last edit that was refused; empty when the file is in force.</summary>
    public IReadOnlyList<ConfigProblem> RejectedEdit => _rejected;

    /// <summary>1 for the rules read at start, one more for each edit applied.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Edits refused since start.</summary>
    public int RefusedEdits { get; private set; }

    public void Reload()
    {
        lock (_gate)
        {
            var problems = LastGoodJsonConfigurationProvider.Problems(_configuration).Concat(ConfigurationValidation.Validate(_configuration)).ToArray();
            if (problems.Length > 0)
            {
                // A save often fires the watcher more than once; say each refusal once.
                if (!problems.SequenceEqual(_rejected))
                {
                    RefusedEdits++;
                    foreach (var problem in problems)
                    {
                        LogRejected(_logger, problem.KeyPath, problem.Reason);
                    }
                }

                _rejected = problems;
                _metrics.ConfigRejected(true);
                return;
            }

            var wasRejected = _rejected.Length > 0;
            _rejected = [];
            _metrics.ConfigRejected(false);
            var fingerprint = Fingerprint(_configuration);
            if (string.Equals(fingerprint, _applied, StringComparison.Ordinal))
            {
                if (wasRejected)
                {
                    LogRestored(_logger, Generation);
                }

                return;
            }

            _current = TriageConfigurationReader.BuildClassifier(_configuration);
            _applied = fingerprint;
            LogReloaded(_logger, _current.RuleCount, Interlocked.Increment(ref _generation));
        }
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>Any change of the file reloads every section; the classifier is rebuilt only
    /// when the <c>Triage</c> section's values changed.</summary>
    private static string Fingerprint(IConfiguration configuration)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in configuration.GetSection(TriageOptions.SectionName).AsEnumerable().OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Triage rules edit refused, keeping the last good rules: {KeyPath}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string keyPath, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Triage rules reloaded: {RuleCount} rules, generation {Generation}")]
    private static partial void LogReloaded(ILogger logger, int ruleCount, int generation);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Configuration valid again; triage rules generation {Generation} in force")]
    private static partial void LogRestored(ILogger logger, int generation);
}
