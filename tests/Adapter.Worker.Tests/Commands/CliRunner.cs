using System.Diagnostics;
using System.Text;

namespace Adapter.Worker.Tests.Commands;

/// <summary>Runs the built <c>Adapter.Worker.dll</c> as a real process (<c>dotnet Adapter.Worker.dll
/// verb ...</c>) with a per-test temporary working directory that is deleted on dispose. Settings
/// inherited from the test runner's environment are removed, so the repository's
/// <c>appsettings.json</c> is the base unless a test passes its own variables.</summary>
public sealed class CliRunner : IDisposable
{
    /// <summary>Generous: a cold start of the tool takes about a second.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static readonly string[] InheritedSettingPrefixes = ["Triage__", "Adapter__", "ServiceNow__", "Serilog__", "ADAPTER_"];

    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);

    public CliRunner()
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("adapter-cli-tests-").FullName;
    }

    /// <summary>The per-test temporary directory the process runs in.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The folder that holds <c>Adapter.sln</c>.</summary>
    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "Adapter.Worker.dll");

    public string PathOf(string relativePath) => Path.Combine(WorkingDirectory, relativePath);

    /// <summary>Writes <paramref name="content"/> verbatim (UTF-8, no BOM, line endings as given).</summary>
    public string WriteFile(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, new Dictionary<string, string>());

    public async Task<CliResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(ExecutablePath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsInheritedSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return new CliResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', start.ArgumentList)}' did not exit within {Timeout.TotalSeconds} s.");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process killed on timeout may still hold a file for a moment; the OS cleans temp.
        }
    }

    private static bool IsInheritedSetting(string name) =>
        InheritedSettingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static string FindRepositoryRoot()
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
