using Adapter.Worker.Tests.Deploy;
using Adapter.Worker.Tests.Storage;

namespace Adapter.Worker.Tests.Readme;

/// <summary>helm (<see cref="Helm"/>) and kubectl, named by <c>HELM</c> and <c>KUBECTL</c> or found
/// on PATH. <c>.ci/run</c> takes both from one npm package (Debian packages neither).</summary>
internal static class DeployTools
{
    private static readonly Lazy<string?> LazyKubectl = new(() => Find("KUBECTL", "kubectl"));

    public static string? Kubectl => LazyKubectl.Value;

    /// <summary>Why the deploy commands cannot run, or null. Under <c>CI=true</c> a missing tool is
    /// a failure of the run, not a skip: the README's deploy commands must run in CI.</summary>
    public static string? SkipReason =>
        TestPostgres.InCi || (Helm.Executable is not null && Kubectl is not null)
            ? null
            : "needs helm and kubectl (no Debian packages; set HELM and KUBECTL or put them on PATH, as .ci/run does)";

    private static string? Find(string variable, string name)
    {
        var named = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(named) ? named : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A fact that runs helm and kubectl: skipped, saying why, only where they are missing
/// and this is not CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DeployToolsFactAttribute : FactAttribute
{
    public DeployToolsFactAttribute()
    {
        Skip = DeployTools.SkipReason;
    }
}
