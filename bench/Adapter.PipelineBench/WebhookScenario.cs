using System.Diagnostics;
using System.Globalization;

namespace Adapter.PipelineBench;

/// <summary>The webhook path alone (polling off): at a fixed rate a ticket is created on the platform
/// and its signed notice (ServiceNow's business rule, Jira's <c>jira:issue_created</c>) is POSTed
/// to the worker, open loop (a slow answer does not delay the next send). Measured per request on
/// the client: acknowledgement latency; per ticket: time from the send to the adapter's note
/// (ServiceNow: the work note's <c>sys_created_on</c>; Jira: the comment's change time).</summary>
internal static class WebhookScenario
{
    public static async Task<WebhookResult> RunAsync(BenchOptions options, PlatformKind platform, StoreKind store, int rate, int repetition, Func<WorkerProcess, Task>? whileRunning = null)
    {
        using var env = new BenchEnvironment(options, platform, store, $"webhook-{rate}-{repetition}");
        env.Settings[env.Site.PollingEnabledKey] = "false";
        await using var worker = await env.StartWorkerAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(worker.BaseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        await WarmUpAsync(env, http, worker);

        var callsBefore = env.Site.Calls();
        var workerCpu = worker.CpuSeconds();
        var benchCpu = ProcStats.CpuSeconds(Environment.ProcessId);
        var profiling = whileRunning?.Invoke(worker) ?? Task.CompletedTask;

        var total = (int)Math.Round(rate * options.RateDuration.TotalSeconds);
        var sends = new List<Task<Sent>>(total);
        var clock = Stopwatch.StartNew();
        while (sends.Count < total)
        {
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            while (sends.Count < due)
            {
                var scheduled = TimeSpan.FromSeconds((double)sends.Count / rate);
                sends.Add(SendAsync(env, http, sends.Count, scheduled, clock));
            }

            await Task.Delay(1);
        }

        var sent = await Task.WhenAll(sends);
        var timeout = TimeSpan.FromSeconds(Math.Max(30, options.RateDuration.TotalSeconds * 4));
        await Drain.WaitAsync(env, sent.Select(s => s.SysId), timeout, () => worker.HasExited);
        var cost = new ProcessCost(
            worker.PeakResidentMegabytes(),
            worker.CpuSeconds() - workerCpu,
            ProcStats.CpuSeconds(Environment.ProcessId) - benchCpu,
            total);
        await profiling;

        var toPatch = new List<double>(total);
        var duplicates = 0;
        var lastNote = DateTimeOffset.MinValue;
        foreach (var s in sent)
        {
            var notes = env.Site.AdapterNotes(s.SysId);
            if (notes.Count > 0)
            {
                toPatch.Add((notes[0] - s.SentAt).TotalMilliseconds);
                lastNote = notes[0] > lastNote ? notes[0] : lastNote;
            }

            duplicates += notes.Count > 1 ? 1 : 0;
        }

        var acks = sent.Where(s => s.Status == 202).Select(s => s.AckMs).ToList();
        var firstSend = sent.Min(s => s.SentAt);
        var calls = new InstanceCalls(env.Site.Calls() - callsBefore, toPatch.Count);
        env.KeepLog(options.RawFolder);
        return new WebhookResult(
            rate,
            total,
            acks.Count,
            toPatch.Count,
            duplicates,
            Percentiles.Of(acks, 50),
            Percentiles.Of(acks, 99),
            Percentiles.Of(acks, 99.9),
            sent.Max(s => s.LagMs),
            Percentiles.Of(toPatch, 50),
            Percentiles.Of(toPatch, 99),
            toPatch.Count == 0 ? 0 : toPatch.Count / (lastNote - firstSend).TotalSeconds,
            calls,
            cost);
    }

    /// <summary>A few unmeasured notices first, so connection set-up and the worker's JIT are not
    /// charged to the lowest rate.</summary>
    private static async Task WarmUpAsync(BenchEnvironment env, HttpClient http, WorkerProcess worker)
    {
        var clock = Stopwatch.StartNew();
        var warm = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            warm.Add((await SendAsync(env, http, 1_000_000 + i, TimeSpan.Zero, clock)).SysId);
        }

        await Drain.WaitAsync(env, warm, TimeSpan.FromSeconds(15), () => worker.HasExited);
    }

    private static async Task<Sent> SendAsync(BenchEnvironment env, HttpClient http, int index, TimeSpan scheduled, Stopwatch clock)
    {
        var sysId = env.Site.AddTicket(index);
        using var request = env.Site.Notice(sysId);
        var lag = (clock.Elapsed - scheduled).TotalMilliseconds;
        var sentAt = TimeProvider.System.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var ackMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return new Sent(sysId, sentAt, ackMs, lag, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return new Sent(sysId, sentAt, Stopwatch.GetElapsedTime(started).TotalMilliseconds, lag, 0);
        }
        catch (TaskCanceledException)
        {
            return new Sent(sysId, sentAt, Stopwatch.GetElapsedTime(started).TotalMilliseconds, lag, 0);
        }
    }

    private sealed record Sent(string SysId, DateTimeOffset SentAt, double AckMs, double LagMs, int Status)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SysId} {Status} {AckMs:F2} ms");
    }
}
