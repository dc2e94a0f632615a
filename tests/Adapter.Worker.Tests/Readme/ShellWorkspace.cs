using System.Diagnostics;
using System.Text;
using Adapter.Worker.Tests.Commands;
using Adapter.Worker.Tests.Deploy;

namespace Adapter.Worker.Tests.Readme;

/// <summary>A temporary copy of the files the README's commands read (a short
/// <c>samples/tickets.csv</c>, <c>appsettings.json</c>, <c>global.json</c>, <c>deploy/</c>,
/// <c>Dockerfile</c>), where they run in bash as the README has them and write what they write;
/// deleted on dispose.</summary>
/// <remarks>The one change to a command's text: the workspace is not a checkout, so
/// <c>--project src/Adapter.Worker</c> names the checkout's project by its full path. <c>dotnet run</c>
/// then builds and starts the same project it would from the repository root (a no-op build after
/// <c>dotnet test</c>), with relative paths in its arguments resolved in the workspace.</remarks>
internal sealed class ShellWorkspace : IDisposable
{
    public const string ProjectArgument = "--project src/Adapter.Worker";

    /// <summary>Tickets in the workspace's sample file: enough for every bucket, few enough that
    /// <c>demo</c> finishes in seconds.</summary>
    private const int SampleTickets = 40;

    private static readonly string[] InheritedSettingPrefixes = ["Triage__", "Adapter__", "ServiceNow__", "Jira__", "Serilog__", "ADAPTER_", "MSBuild", "MSBUILD"];

    public ShellWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("adapter-readme-").FullName;
        var root = CliRunner.RepositoryRoot;
        foreach (var file in new[] { "appsettings.json", "global.json", "Dockerfile" })
        {
            File.Copy(Path.Combine(root, file), PathOf(file));
        }

        CopyDirectory(Path.Combine(root, "deploy"), PathOf("deploy"));
        Directory.CreateDirectory(PathOf("samples"));
        File.WriteAllText(PathOf("samples/tickets.csv"), FirstRecords(File.ReadAllText(Path.Combine(root, "samples", "tickets.csv")), SampleTickets + 1));
    }

    public string Root { get; }

    /// <summary>Extra variables for every command (tool locations, a test server).</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Directories put in front of PATH (where helm and kubectl are).</summary>
    public List<string> PathPrefixes { get; } = [];

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>The README's text with only <see cref="ProjectArgument"/> made absolute.</summary>
    public static string Localise(string command) =>
        command.Replace(ProjectArgument, $"--project '{Path.Combine(CliRunner.RepositoryRoot, "src", "Adapter.Worker")}'", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="script"/> with <c>bash -euo pipefail</c> in the workspace.</summary>
    public async Task<CliResult> RunAsync(string script, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(script)) ?? throw new InvalidOperationException("Could not start bash.");
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return new CliResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"did not exit within {timeout.TotalSeconds} s:{Environment.NewLine}{script}");
        }
    }

    /// <summary>Starts <paramref name="script"/> without waiting (a service); the caller kills it.</summary>
    public Process Start(string script, Action<string> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var process = new Process { StartInfo = StartInfo(script) };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Keep(string? line)
        {
            if (line is not null)
            {
                output(line);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process killed on timeout may still hold a file for a moment; the OS cleans temp.
        }
    }

    private ProcessStartInfo StartInfo(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-euo");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);

        // What the test host inherited (settings, the test run's MSBuild) is not the operator's shell.
        foreach (var name in start.Environment.Keys.Where(k => InheritedSettingPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // No cluster, and none of the machine user's helm repositories, plugins or kube contexts.
        start.Environment["KUBECONFIG"] = PathOf(".kube/config");
        start.Environment["HELM_CACHE_HOME"] = PathOf(".helm/cache");
        start.Environment["HELM_CONFIG_HOME"] = PathOf(".helm/config");
        start.Environment["HELM_DATA_HOME"] = PathOf(".helm/data");
        if (PathPrefixes.Count > 0)
        {
            start.Environment["PATH"] = string.Join(Path.PathSeparator, [.. PathPrefixes, start.Environment["PATH"]]);
        }

        foreach (var (name, value) in Variables)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>The first <paramref name="count"/> CSV records (a quoted field may hold a newline).</summary>
    private static string FirstRecords(string csv, int count)
    {
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            if (csv[i] == '"')
            {
                quoted = !quoted;
            }
            else if (csv[i] == '\n' && !quoted && --count == 0)
            {
                return csv[..(i + 1)];
            }
        }

        return csv;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            // A symlink (the chart's files/appsettings.json) is copied as the file it points at.
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
