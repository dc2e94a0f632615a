using Adapter.Core.Classification;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Hosting;

/// <summary>Reads the <c>Triage</c> section strictly: an unknown key (a typo such as
/// <c>Phrase</c> for <c>Phrases</c>) or a value of the wrong type is a problem with its key path,
/// not a silently ignored setting.</summary>
internal static class TriageConfigurationReader
{
    public static (TriageOptions? Options, IReadOnlyList<ConfigProblem> Problems) Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(TriageOptions.SectionName);
        if (!section.Exists())
        {
            return (null, [new ConfigProblem(TriageOptions.SectionName, "section is missing")]);
        }

        TriageOptions options;
        try
        {
            options = section.Get<TriageOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new TriageOptions();
        }
        catch (InvalidOperationException ex)
        {
            return (null, [new ConfigProblem(TriageOptions.SectionName, Describe(ex))]);
        }

        var problems = TriageOptionsValidator.Validate(options);
        return (problems.Count == 0 ? options : null, problems);
    }

    /// <summary>Builds a classifier or throws <see cref="TriageConfigurationException"/> with every problem.</summary>
    public static TriageClassifier BuildClassifier(IConfiguration configuration)
    {
        var (options, problems) = Read(configuration);
        return options is null ? throw new TriageConfigurationException(problems) : new TriageClassifier(options);
    }

    private static string Describe(InvalidOperationException ex)
    {
        var message = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
        return message.ReplaceLineEndings(" ");
    }
}
