using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Adapter.PipelineBench;

/// <summary>The webhook path alone (polling off): at a fixed rate an incident is created in the
/// instance and its business rule's signed notice is POSTed to the worker, open loop (a slow answer
/// does not delay the next send). Measured per request on the client: acknowledgement latency;
/// per incident: time from the send to the work note's <c>sys_created_on</c> in the journal.</summary>
internal static class WebhookScenario
{
    public static async Task<WebhookResult> RunAsync(BenchOptions options, StoreKind store, int rate, int repetition, Func<WorkerProcess, Task>? whileRunning = null)
    {
        using var env = new BenchEnvironment(options, store, $"webhook-{rate}-{repetition}");
        env.Settings["ServiceNow:PollingEnabled"] = "false";
        await using var worker = await env.StartWorkerAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(worker.BaseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };
        await WarmUpAsync(env, http, worker);

        var getsBefore = env.Sandbox.CountRequests("GET", "/api/now/table/incident");
        var patchesBefore = env.Sandbox.CountRequests("PATCH", "/api/now/table/incident");
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
            var notes = env.Sandbox.WorkNotes(s.SysId);
            if (notes.Count > 0)
            {
                toPatch.Add((notes[0].CreatedOn - s.SentAt).TotalMilliseconds);
                lastNote = notes[0].CreatedOn > lastNote ? notes[0].CreatedOn : lastNote;
            }

            duplicates += notes.Count > 1 ? 1 : 0;
        }

        var acks = sent.Where(s => s.Status == 202).Select(s => s.AckMs).ToList();
        var firstSend = sent.Min(s => s.SentAt);
        var calls = new InstanceCalls(
            env.Sandbox.CountRequests("GET", "/api/now/table/incident") - getsBefore,
            env.Sandbox.CountRequests("PATCH", "/api/now/table/incident") - patchesBefore,
            toPatch.Count);
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
        var sysId = env.AddIncident(index);
        var updatedOn = env.Sandbox.GetIncident(sysId)["sys_updated_on"];
        var body = Encoding.UTF8.GetBytes($"{{\"table\":\"incident\",\"sys_id\":\"{sysId}\",\"sys_updated_on\":\"{updatedOn}\",\"operation\":\"insert\"}}");
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(env.Secret), body));
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/servicenow") { Content = content };
        request.Headers.Add("X-Adapter-Signature", signature);
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
