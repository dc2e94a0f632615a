namespace Adapter.Benchmarks;

/// <summary>Finds the checkout the benchmark runs from, so the real <c>appsettings.json</c> and
/// the labeled samples are measured rather than copies that drift.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "Adapter.sln";

    /// <summary>The nearest folder above <see cref="AppContext.BaseDirectory"/> holding
    /// <c>Adapter.sln</c>. BenchmarkDotNet runs its job from a generated project below this
    /// project's <c>bin</c>, which still lies inside the checkout.</summary>
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}: run the benchmark from a checkout.");
    }

    public static string PathOf(string relativePath) => Path.Combine(Locate(), relativePath);
}
