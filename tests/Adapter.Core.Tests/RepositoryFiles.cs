using Adapter.Core.Classification;
using Microsoft.Extensions.Configuration;

namespace Adapter.Core.Tests;

/// <summary>Finds files of the repository the tests run from and loads its real configuration, so
/// that the tests check the rules an admin ships rather than a copy of them.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<TriageClassifier> LazyClassifier = new(() => new TriageClassifier(LoadTriageOptions()));

    /// <summary>The folder that holds <c>Adapter.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>One classifier over the shipped rules, shared by the tests (it is immutable).</summary>
    public static TriageClassifier Classifier => LazyClassifier.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A file copied next to the test assembly from <c>Fixtures/</c>.</summary>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>Binds the <c>Triage</c> section of the repository's <c>appsettings.json</c>.</summary>
    public static TriageOptions LoadTriageOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(PathOf("appsettings.json"), optional: false, reloadOnChange: false)
            .Build();
        return configuration.GetSection(TriageOptions.SectionName).Get<TriageOptions>()
            ?? throw new InvalidOperationException("appsettings.json has no Triage section.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Adapter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Adapter.sln above {AppContext.BaseDirectory}.");
    }
}
