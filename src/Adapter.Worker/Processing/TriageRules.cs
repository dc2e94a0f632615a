using Adapter.Core.Classification;
using Adapter.Worker.Hosting;
using Microsoft.Extensions.Primitives;

namespace Adapter.Worker.Processing;

/// <summary>The classifier built from the current <c>Triage</c> section. An edit to the
/// configuration file applies to the next ticket; an invalid edit keeps the last good rules and
/// is reported (log, <c>/readyz</c>, metric) with its key path and reason.</summary>
public sealed partial class TriageRules : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ILogger<TriageRules> _logger;
    private readonly IDisposable _subscription;
    private volatile TriageClassifier _current;
    private volatile IReadOnlyList<ConfigProblem> _rejected = [];

    public TriageRules(IConfiguration configuration, ILogger<TriageRules> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _current = TriageConfigurationReader.BuildClassifier(configuration);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public TriageClassifier Current => _current;

    /// <summary>Problems of the last edit that was refused; empty when the file is in force.</summary>
    public IReadOnlyList<ConfigProblem> RejectedEdit => _rejected;

    public int Generation { get; private set; } = 1;

    /// <summary>Edits refused since start.</summary>
    public int RefusedEdits { get; private set; }

    public void Reload()
    {
        var (options, problems) = TriageConfigurationReader.Read(_configuration);
        if (options is null)
        {
            _rejected = problems;
            RefusedEdits++;
            foreach (var problem in problems)
            {
                LogRejected(_logger, problem.KeyPath, problem.Reason);
            }

            return;
        }

        _current = new TriageClassifier(options);
        _rejected = [];
        Generation++;
        LogReloaded(_logger, _current.RuleCount, Generation);
    }

    public void Dispose() => _subscription.Dispose();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Triage rules edit refused, keeping the last good rules: {KeyPath}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string keyPath, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Triage rules reloaded: {RuleCount} rules, generation {Generation}")]
    private static partial void LogReloaded(ILogger logger, int ruleCount, int generation);
}
