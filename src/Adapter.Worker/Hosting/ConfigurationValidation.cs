using Adapter.Core.Classification;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Hosting;

/// <summary>Every check of the whole configuration, as <c>validate-config</c> and start-up run it.</summary>
internal static class ConfigurationValidation
{
    public static IReadOnlyList<ConfigProblem> Validate(IConfiguration configuration)
    {
        var problems = new List<ConfigProblem>();
        problems.AddRange(TriageConfigurationReader.Read(configuration).Problems);
        return problems;
    }
}
