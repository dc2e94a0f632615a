using System.Diagnostics;
using System.Globalization;

namespace Adapter.PipelineBench;

/// <summary>Profiles the worker process during one run with the .NET diagnostics tools, installed as
/// dotnet global tools (<c>dotnet tool install -g dotnet-counters dotnet-trace</c>):
/// <c>dotnet-counters collect</c> (runtime, Kestrel, HTTP client counters, CSV) and
/// <c>dotnet-trace collect</c> (default profile: sampled thread time), then
/// <c>dotnet-trace report topN</c> for the hottest methods, exclusive and inclusive.</summary>
internal sealed class Profiler(string rawFolder, string label, TimeSpan duration)
{
    private static readonly string ToolsFolder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");

    public static bool Available => File.Exists(Path.Combine(ToolsFolder, "dotnet-counters")) && File.Exists(Path.Combine(ToolsFolder, "dotnet-trace"));

    public string CountersCsv => Path.Combine(rawFolder, $"{label}-knee-counters.csv");

    public string TraceFile => Path.Combine(rawFolder, $"{label}-knee.nettrace");

    public string TopExclusive => Path.Combine(rawFolder, $"{label}-knee-top-exclusive.txt");

    public string TopInclusive => Path.Combine(rawFolder, $"{label}-knee-top-inclusive.txt");

    public async Task ProfileAsync(WorkerProcess worker)
    {
        Directory.CreateDirectory(rawFolder);
        var span = duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture);
        var pid = worker.Pid.ToString(CultureInfo.InvariantCulture);
        var counters = RunAsync("dotnet-counters", ["collect", "-p", pid, "--format", "csv", "-o", CountersCsv, "--duration", span,
            "--counters", "System.Runtime,Microsoft.AspNetCore.Hosting,Microsoft.AspNetCore.Server.Kestrel,System.Net.Http"], null);
        var trace = RunAsync("dotnet-trace", ["collect", "-p", pid, "-o", TraceFile, "--duration", span], null);
        await Task.WhenAll(counters, trace);
    }

    /// <summary>Turns the trace into the two top-N lists (after the worker has gone).</summary>
    public async Task ReportAsync()
    {
        if (File.Exists(TraceFile))
        {
            await RunAsync("dotnet-trace", ["report", TraceFile, "topN", "-n", "25"], TopExclusive);
            await RunAsync("dotnet-trace", ["report", TraceFile, "topN", "-n", "25", "--inclusive"], TopInclusive);
        }
    }

    private static async Task RunAsync(string tool, string[] arguments, string? outputFile)
    {
        var start = new ProcessStartInfo(Path.Combine(ToolsFolder, tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (outputFile is not null)
        {
            await File.WriteAllTextAsync(outputFile, await output + await error);
        }
        else
        {
            await Task.WhenAll(output, error);
        }
    }
}
