using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Scaling;

/// <summary>One real worker, <c>dotnet Adapter.Worker.dll run</c>, configured only through
/// environment variables (<c>Section__Key</c>) over the repository's appsettings.json, with its
/// output kept for the test. <see cref="Kill"/> is SIGKILL; <see cref="TerminateAsync"/> is SIGTERM.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly string[] InheritedSettingPrefixes = ["Triage__", "Adapter__", "ServiceNow__", "Serilog__", "ADAPTER_"];
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("adapter-worker-");

    private WorkerProcess(IReadOnlyDictionary<string, string?> settings)
    {
        Port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _workingDirectory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliRunner.ExecutablePath);
        start.ArgumentList.Add("run");
        foreach (var name in start.Environment.Keys.Where(k => InheritedSettingPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Adapter__Urls"] = $"http://127.0.0.1:{Port}";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written so far, stdout and stderr together.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Starts the worker and waits until it answers on <c>/healthz</c> (migrated, verified, listening).</summary>
    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan patience)
    {
        var worker = new WorkerProcess(settings);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{worker.Port}"), Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (worker.HasExited)
            {
                throw new InvalidOperationException($"The worker exited with {worker.ExitCode} before it was ready:{Environment.NewLine}{string.Join(Environment.NewLine, worker.Output)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return worker;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (clock.Elapsed > patience)
            {
                await worker.DisposeAsync();
                throw new TimeoutException($"The worker was not ready within {patience.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>How many log events with this event id the worker wrote (compact JSON lines).</summary>
    public int CountEvents(int eventId) => Output.Count(l => l.Contains($"\"EventId\":{{\"Id\":{eventId}", StringComparison.Ordinal));

    /// <summary>SIGKILL: no shutdown, no release, nothing flushed.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, as a container runtime stops a pod; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan patience)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
