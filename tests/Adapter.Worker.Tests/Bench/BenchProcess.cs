using System.Diagnostics;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Bench;

/// <summary>Runs a bench tool as a process and returns its exit code and output. The tools are
/// built by this project's references (without referencing their assemblies), in the same
/// configuration as the tests, under <c>bench/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0</c>.</summary>
internal static class BenchProcess
{
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string BenchDll(string project) =>
        Path.Combine(CliRunner.RepositoryRoot, "bench", project, "bin", Configuration, "net10.0", project + ".dll");

    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = CliRunner.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await output + await error);
    }
}
