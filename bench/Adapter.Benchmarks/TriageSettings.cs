using Adapter.Core.Classification;
using Microsoft.Extensions.Configuration;

namespace Adapter.Benchmarks;

/// <summary>Builds the classifier from the <c>Triage</c> section of the repository's
/// <c>appsettings.json</c>, bound as strictly as the worker binds it.</summary>
internal static class TriageSettings
{
    public static TriageClassifier BuildClassifier()
    {
        var path = RepositoryRoot.PathOf("appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        var section = configuration.GetSection(TriageOptions.SectionName);
        if (!section.Exists())
        {
            throw new InvalidOperationException($"{path} has no {TriageOptions.SectionName} section.");
        }

        var options = section.Get<TriageOptions>(o => o.ErrorOnUnknownConfiguration = true)
            ?? throw new InvalidOperationException($"{path}: the {TriageOptions.SectionName} section is empty.");
        return new TriageClassifier(options);
    }
}
