using System.Diagnostics;
using System.Globalization;

namespace Adapter.PipelineBench;

/// <summary>The real worker as a separate process (<c>dotnet Adapter.Worker.dll run</c>), configured
/// only through environment variables (<c>Section__Key</c>) as an operator would, its output sent to
/// a log file. Measured from outside through <c>/proc</c>.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private WorkerProcess(Process process, StreamWriter log, int port)
    {
        _process = process;
        _log = log;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public int Pid => _process.Id;

    public int Port { get; }

    public string BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the worker and waits until <c>/healthz</c> answers (or it exits).</summary>
    /// <exception cref="WorkerStartException">The worker exited or did not answer in time.</exception>
    public static async Task<WorkerProcess> StartAsync(string workerDll, IReadOnlyDictionary<string, string> settings, string logPath, TimeSpan timeout)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(logPath)!,
        };
        start.ArgumentList.Add(workerDll);
        start.ArgumentList.Add("run");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Adapter__Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new WorkerStartException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var worker = new WorkerProcess(process, log, port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                var exitCode = process.ExitCode;
                await worker.DisposeAsync();
                throw new WorkerStartException($"the worker exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}: {Tail(logPath)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(worker.BaseUrl + "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return worker;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        await worker.DisposeAsync();
        throw new WorkerStartException($"the worker did not answer /healthz within {timeout.TotalSeconds:0} s: {Tail(logPath)}");
    }

    public double PeakResidentMegabytes() => ProcStats.PeakResidentMegabytes(Pid);

    public double CpuSeconds() => ProcStats.CpuSeconds(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private static string Tail(string logPath)
    {
        try
        {
            var lines = File.ReadAllLines(logPath);
            return string.Join(" | ", lines.TakeLast(5));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}

/// <summary>The worker process could not be brought up (bad configuration, crash, timeout).</summary>
internal sealed class WorkerStartException(string message) : Exception(message);
