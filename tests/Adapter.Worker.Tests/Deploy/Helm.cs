using System.Diagnostics;
using System.Text;

namespace Adapter.Worker.Tests.Deploy;

/// <summary>Runs the <c>helm</c> binary named by the <c>HELM</c> environment variable or found on
/// PATH. Debian packages no helm; <c>.ci/run</c> fetches one (see the README).</summary>
internal static class Helm
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string?> LazyExecutable = new(Find);

    public static string? Executable => LazyExecutable.Value;

    /// <summary><c>helm template</c> of the chart with the release name <c>t</c>.</summary>
    public static HelmResult Template(params string[] arguments) =>
        Run(["template", "t", ChartFiles.ChartDirectory, .. arguments]);

    public static HelmResult Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("helm is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No repositories, plugins or caches of the machine's user.
        var home = Path.Combine(Path.GetTempPath(), "adapter-helm-tests");
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helm {string.Join(' ', start.ArgumentList)} did not exit within {Timeout.TotalSeconds} s.");
        }

        return new HelmResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string? Find()
    {
        var named = Environment.GetEnvironmentVariable("HELM");
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(named) ? named : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "helm"))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>One helm run: exit code and both streams.</summary>
internal sealed record HelmResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"exit code: {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}--- stderr ---{Environment.NewLine}{StandardError}";
}

/// <summary>A fact that needs helm: reported as skipped, with the reason, where helm is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HelmFactAttribute : FactAttribute
{
    public HelmFactAttribute()
    {
        if (Helm.Executable is null)
        {
            Skip = "helm is not installed (no Debian package; set HELM or put helm on PATH, as .ci/run does)";
        }
    }
}

/// <summary>A theory that needs helm: reported as skipped, with the reason, where helm is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HelmTheoryAttribute : TheoryAttribute
{
    public HelmTheoryAttribute()
    {
        if (Helm.Executable is null)
        {
            Skip = "helm is not installed (no Debian package; set HELM or put helm on PATH, as .ci/run does)";
        }
    }
}
