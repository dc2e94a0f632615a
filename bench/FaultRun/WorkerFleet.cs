using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Adapter.Bench.FaultRun;

/// <summary>The replicas under test: real <c>dotnet Adapter.Worker.dll run</c> processes configured
/// through environment variables, each logging to a file of its own. A kill is SIGKILL, and the
/// slot is started again at once, as an orchestrator restarts a crashed pod.</summary>
internal sealed class WorkerFleet(FaultRunOptions options, IReadOnlyDictionary<string, string> settings) : IDisposable
{
    private readonly Process?[] _slots = new Process?[options.Workers];
    private readonly long[] _readySince = new long[options.Workers];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private int _started;

    public int Kills { get; private set; }

    public int Starts => _started;

    public void StartAll()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            _slots[slot] = Start(slot);
        }
    }

    /// <summary>Kills the replica that has been ready (answering <c>/healthz</c>) the longest and
    /// starts its slot again. A replica still starting is never the victim, so a machine that
    /// starts them slowly still makes progress; returns false when none was ready.</summary>
    public bool KillOldestReady()
    {
        var slot = Enumerable.Range(0, _slots.Length)
            .Where(i => Volatile.Read(ref _readySince[i]) > 0)
            .OrderBy(i => Volatile.Read(ref _readySince[i]))
            .Cast<int?>()
            .FirstOrDefault();
        if (slot is not { } victimSlot)
        {
            return false;
        }

        var victim = _slots[victimSlot]!;
        if (!victim.HasExited)
        {
            victim.Kill();
            victim.WaitForExit();
            Kills++;
        }

        victim.Dispose();
        _slots[victimSlot] = Start(victimSlot);
        return true;
    }

    /// <summary>SIGTERM to every replica; returns their exit codes.</summary>
    public async Task<IReadOnlyList<int>> StopAllAsync(TimeSpan patience)
    {
        var codes = new List<int>();
        foreach (var process in _slots.OfType<Process>())
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
        }

        foreach (var process in _slots.OfType<Process>())
        {
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                codes.Add(process.ExitCode);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                codes.Add(-1);
            }
        }

        return codes;
    }

    public void Dispose()
    {
        foreach (var process in _slots.OfType<Process>())
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }

        _http.Dispose();
    }

    private Process Start(int slot)
    {
        var number = Interlocked.Increment(ref _started);
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(options.LogFolder, $"worker-{number:000}-slot{slot}.log")) { AutoFlush = true });
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            WorkingDirectory = options.LogFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(options.WorkerDll);
        start.ArgumentList.Add("run");

        // Straight into the process environment: resolver group names carry spaces and '&',
        // which a shell in between would drop from variable names.
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var port = FreePort();
        start.Environment["Adapter__Urls"] = $"http://127.0.0.1:{port}";
        Volatile.Write(ref _readySince[slot], 0);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = WatchReadinessAsync(slot, process, port);
        return process;
    }

    private async Task WatchReadinessAsync(int slot, Process process, int port)
    {
        var healthz = new Uri($"http://127.0.0.1:{port}/healthz");
        while (!process.HasExited)
        {
            try
            {
                using var response = await _http.GetAsync(healthz);
                if (response.IsSuccessStatusCode)
                {
                    Volatile.Write(ref _readySince[slot], Stopwatch.GetTimestamp());
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }
    }

    private static void Write(TextWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // The last lines of a killed worker may arrive after its log was closed.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
