using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Adapter.PipelineBench;

/// <summary>Writes <c>bench/results/pipeline.md</c>: the targets against the medians, every
/// repetition, the knee and what the profile shows there, and the machine.</summary>
internal sealed class PipelineReport(BenchOptions options)
{
    private readonly StringBuilder _body = new();
    private readonly List<string> _targetRows = [];
    private readonly string _loadBefore = ReadLoad();
    private readonly DateTimeOffset _started = TimeProvider.System.GetUtcNow();
    public void NotMeasured(PlatformKind platform, StoreKind store, string reason)
    {
        _body.AppendLine(Inv($"## {platform}, {store}: not measured")).AppendLine().AppendLine(reason).AppendLine();
        _targetRows.Add(Inv($"| {platform}, {store} | every figure | — | not measured: {reason} | — |"));
    }

    public void Add(PlatformKind platform, StoreKind store, IReadOnlyList<PollingResult> polling, IReadOnlyList<WebhookResult> webhooks, Knee knee, WebhookResult? profiled, Profiler? profiler)
    {
        if (polling.Count == 0)
        {
            polling = [new PollingResult(0, 0, 0, double.NaN, double.NaN, new InstanceCalls(0, 0, 0), new ProcessCost(double.NaN, double.NaN, double.NaN, 0))];
        }

        var pollRate = Percentiles.Median(polling.Select(p => p.TriagedPerSecond));
        var pollReads = Percentiles.Median(polling.Select(p => p.Calls.ReadsPerTicket));
        var pollWrites = Percentiles.Median(polling.Select(p => p.Calls.WritesPerTicket));
        var run = Inv($"{platform}, {store}");
        var peak = webhooks.Select(w => w.Cost.PeakMegabytes).Concat(polling.Select(p => p.Cost.PeakMegabytes)).DefaultIfEmpty(double.NaN).Max();
        var sustained = options.Rates.Where(r => Medians.ForRate(webhooks, r).Achieved >= 0.9 * r).DefaultIfEmpty(0).Max();
        _targetRows.Add(Inv($"| {run} | triaged tickets/s end to end, polling ({options.PollingIncidents:N0} seeded at once) | >= 300 | {pollRate:F0} | {Verdict(pollRate >= 300)} |"));
        _targetRows.Add(Inv($"| {run} | highest webhook rate kept up with (triaged >= 90% of offered) | >= 300 | {sustained}/s | {Verdict(sustained >= 300)} |"));
        if (options.Rates.Contains(200))
        {
            var at200 = Medians.ForRate(webhooks, 200);
            _targetRows.Add(Inv($"| {run} | webhook ack p50 / p99 at 200 req/s | p99 < 10 ms | {at200.AckP50:F2} / {at200.AckP99:F2} ms | {Verdict(at200.AckP99 < 10)} |"));
        }

        if (platform == PlatformKind.ServiceNow)
        {
            _targetRows.Add(Inv($"| {run} | calls to the instance per triaged incident, polling | <= 1.05 GET + 1 PATCH (fields change) | {pollReads:F3} GET + {pollWrites:F3} PATCH | {Verdict(pollReads <= 1.05 && pollWrites <= 1.0001)} |"));
        }
        else
        {
            _targetRows.Add(Inv($"| {run} | calls to the site per triaged issue, polling | no target | {pollReads:F3} reads + {pollWrites:F3} writes | — |"));
        }

        _targetRows.Add(Inv($"| {run} | worker peak resident set (VmHWM), highest of all runs | < 150 MB | {peak:F0} MB | {Verdict(peak < 150)} |"));

        var b = _body;
        b.AppendLine(Inv($"## {platform}, {store}")).AppendLine();
        b.AppendLine(Inv($"Platform calls counted: {CallsDescription(platform)}.")).AppendLine();
        b.AppendLine(Inv($"### Polling: {options.PollingIncidents:N0} tickets appear at once, poll every 500 ms")).AppendLine();
        b.AppendLine("| rep | triaged | seconds seed → last note | triaged/s end to end | triaged/s first → last note | reads/ticket | writes/ticket | peak MB | worker CPU s / 1,000 | bench CPU s / 1,000 | duplicate notes |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var i = 0;
        foreach (var p in polling)
        {
            b.AppendLine(Inv($"| {++i} | {p.Triaged}/{p.Seeded} | {p.SecondsToLastNote:F2} | {p.TriagedPerSecond:F0} | {p.SteadyTriagedPerSecond:F0} | {p.Calls.ReadsPerTicket:F3} | {p.Calls.WritesPerTicket:F3} | {p.Cost.PeakMegabytes:F0} | {p.Cost.WorkerCpuPerThousand:F2} | {p.Cost.BenchCpuPerThousand:F2} | {p.Duplicates} |"));
        }

        b.AppendLine(Inv($"| **median** | | {Percentiles.Median(polling.Select(p => p.SecondsToLastNote)):F2} | **{pollRate:F0}** | {Percentiles.Median(polling.Select(p => p.SteadyTriagedPerSecond)):F0} | {pollReads:F3} | {pollWrites:F3} | {Percentiles.Median(polling.Select(p => p.Cost.PeakMegabytes)):F0} | {Percentiles.Median(polling.Select(p => p.Cost.WorkerCpuPerThousand)):F2} | {Percentiles.Median(polling.Select(p => p.Cost.BenchCpuPerThousand)):F2} | |")).AppendLine();

        b.AppendLine(Inv($"### Webhooks (polling off): {options.RateDuration.TotalSeconds:0.#} s per rate, medians of {options.Repetitions}")).AppendLine();
        b.AppendLine("| offered req/s | ack p50 ms | ack p99 ms | ack p99.9 ms | webhook → write p50 ms | webhook → write p99 ms | triaged/s | reads/ticket | writes/ticket | peak MB | worker CPU s / 1,000 | bench CPU s / 1,000 | max send lag ms |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var rate in options.Rates)
        {
            var m = Medians.ForRate(webhooks, rate);
            var mark = knee.Rate == rate ? " **knee**" : "";
            b.AppendLine(Inv($"| {rate}{mark} | {m.AckP50:F2} | {m.AckP99:F2} | {m.AckP999:F2} | {m.ToPatchP50:F0} | {m.ToPatchP99:F0} | {m.Achieved:F0} | {m.ReadsPerTicket:F3} | {m.WritesPerTicket:F3} | {m.PeakMegabytes:F0} | {m.WorkerCpuPerThousand:F2} | {m.BenchCpuPerThousand:F2} | {m.MaxSendLag:F1} |"));
        }

        b.AppendLine().AppendLine("Every repetition:").AppendLine();
        b.AppendLine("| req/s | rep | sent | acked 202 | triaged | duplicate notes | ack p50 / p99 / p99.9 ms | → write p50 / p99 ms | triaged/s | peak MB | worker CPU s / 1,000 |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var g in webhooks.GroupBy(w => w.Rate))
        {
            var rep = 0;
            foreach (var w in g)
            {
                b.AppendLine(Inv($"| {w.Rate} | {++rep} | {w.Sent} | {w.Accepted} | {w.Triaged} | {w.Duplicates} | {w.AckP50Ms:F2} / {w.AckP99Ms:F2} / {w.AckP999Ms:F2} | {w.ToPatchP50Ms:F0} / {w.ToPatchP99Ms:F0} | {w.AchievedPerSecond:F0} | {w.Cost.PeakMegabytes:F0} | {w.Cost.WorkerCpuPerThousand:F2} |"));
            }
        }

        b.AppendLine().AppendLine(Inv($"### Knee")).AppendLine().AppendLine(knee.Reason + ".").AppendLine();
        if (profiled is not null && profiler is not null)
        {
            b.AppendLine(Inv($"Profiled run at {profiled.Rate}/s (not in the medians; tracing costs CPU): ack p50/p99 {profiled.AckP50Ms:F2}/{profiled.AckP99Ms:F2} ms, webhook → write p50/p99 {profiled.ToPatchP50Ms:F0}/{profiled.ToPatchP99Ms:F0} ms, triaged {profiled.AchievedPerSecond:F0}/s.")).AppendLine();
            AppendCounters(b, profiler.CountersCsv);
            AppendTop(b, "hottest methods, exclusive time (dotnet-trace report topN)", profiler.TopExclusive);
            AppendTop(b, "hottest methods, inclusive time", profiler.TopInclusive);
        }
    }

    public async Task WriteAsync()
    {
        var doc = new StringBuilder();
        doc.AppendLine(options.Smoke ? "# Pipeline benchmark (smoke: tiny load, not figures to quote)" : "# Pipeline benchmark: the worker against the ServiceNow and Jira sandboxes on loopback");
        doc.AppendLine();
        doc.AppendLine(Inv($"Written by `bench/run-pipeline-bench.sh` (`bench/Adapter.PipelineBench`), {_started:yyyy-MM-dd HH:mm} UTC. The sandbox (WireMock.Net) and the load generator share one process; the worker is a separate process (`dotnet Adapter.Worker.dll run`, Release) with a fresh SQLite file (or the PostgreSQL database of `ADAPTER_BENCH_POSTGRES`) and a fresh sandbox per run. Configuration through environment variables: `ServiceNow:RequestsPerSecond` / `Jira:RequestsPerSecond` = {options.InstanceRequestsPerSecond}, `Adapter:InboxPollInterval` = 200 ms, `Adapter:WebhookRateLimitPerSecond` = 100,000 (one load generator stands for the whole instance), otherwise the shipped defaults (`Adapter:Concurrency` 8, `ServiceNow:PageSize` 100, `Jira:PageSize` 50), logging at Warning. Jira: the site's `jira:issue_created` body, signed (`X-Hub-Signature`), is POSTed to `/webhooks/jira`; the adapter's comment is its note."));
        doc.AppendLine();
        doc.AppendLine("## Against the targets (issue 3), medians of the repetitions").AppendLine();
        doc.AppendLine("| platform, store | measure | target | measured | |").AppendLine("|---|---|---|---|---|");
        foreach (var row in _targetRows)
        {
            doc.AppendLine(row);
        }

        doc.AppendLine().AppendLine("How each figure is taken:").AppendLine();
        doc.AppendLine("- **polling**: the worker is up and idle; N tickets are created in the sandbox at once; \"end to end\" is N over the time from the seeding to the last note (ServiceNow: the work note's `sys_created_on`; Jira: the comment's change time from the site's webhook feed), so it includes up to one poll interval of waiting.");
        doc.AppendLine("- **webhooks**: open loop at a fixed rate (the next notice is sent on schedule whatever the last answer); each notice follows the creation of its ticket. Ack latency: client-side, from `SendAsync` to the response, per request. Webhook → write: the adapter's note (work note or comment) time minus the send time (one clock: the same machine). \"Triaged/s\": notes over the time from the first send to the last note. Max send lag: how late the generator sent against its schedule (large values mean the generator, not the worker, was short of CPU).");
        doc.AppendLine("- **calls**: reads and writes counted by the sandbox during the measured phase (listed per platform below), over tickets triaged. **Memory**: `VmHWM` of the worker process from `/proc/<pid>/status` (peak since it started). **CPU**: `utime + stime` of the worker (and of the bench process: sandbox plus load generator) from `/proc/<pid>/stat` over the measured phase, per 1,000 tickets.");
        doc.AppendLine();
        doc.Append(_body);
        doc.AppendLine("## Machine").AppendLine();
        doc.AppendLine(Inv($"- {Environment.ProcessorCount} cores: {CpuModel()}; {MemoryTotal()} memory"));
        doc.AppendLine(Inv($"- {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}"));
        doc.AppendLine(Inv($"- load average before / after: {_loadBefore} / {ReadLoad()} (other engineers build on this machine: a high figure means noise)"));
        doc.AppendLine(Inv($"- repetitions: {options.Repetitions}; rates {string.Join(", ", options.Rates)} req/s, {options.RateDuration.TotalSeconds:0.#} s each; polling {options.PollingIncidents} incidents"));
        Directory.CreateDirectory(Path.GetDirectoryName(options.Report)!);
        await File.WriteAllTextAsync(options.Report, doc.ToString());
    }

    private static void AppendCounters(StringBuilder b, string csvPath)
    {
        if (!File.Exists(csvPath))
        {
            return;
        }

        // dotnet-counters CSV: Timestamp,Provider,Counter Name,Counter Type,Mean/Increment
        var rows = File.ReadLines(csvPath).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f.Length >= 5 && double.TryParse(f[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(f => (Provider: f[1], Name: ShortName(string.Join(',', f[2..^2])), Fields: f))
            .Where(r => KeyCounters.Any(k => r.Name.Contains(k, StringComparison.Ordinal)))
            .Select(r => r.Fields[..1].Concat([r.Provider, r.Name]).Concat(r.Fields[^2..]).ToArray())
            .GroupBy(f => (Provider: f[1], Name: f[2]))
            .Select(g => (g.Key, Mean: g.Average(f => double.Parse(f[^1], CultureInfo.InvariantCulture)), Max: g.Max(f => double.Parse(f[^1], CultureInfo.InvariantCulture))))
            .ToList();
        b.AppendLine("dotnet-counters during the profiled run (mean and max of the 1 s samples):").AppendLine();
        b.AppendLine("| provider | counter | mean | max |").AppendLine("|---|---|---|---|");
        foreach (var (key, mean, max) in rows)
        {
            b.AppendLine(Inv($"| {key.Provider} | {key.Name.Replace("|", "\\|", StringComparison.Ordinal)} | {mean:G4} | {max:G4} |"));
        }

        b.AppendLine();
    }

    /// <summary>The counters that explain a knee: CPU, memory, exceptions, contention, the thread
    /// pool's queue, connections and request durations (the rest stay in the CSV).</summary>
    private static readonly string[] KeyCounters =
    [
        "cpu.time", "working_set", "exceptions", "lock_contentions", "thread_pool.queue.length", "thread_pool.thread.count",
        "gc.collections", "active_connections", "http.server.active_requests", "request.duration",
    ];

    /// <summary>Drops the tag noise (ports, addresses, schemes) from a counter name.</summary>
    private static string ShortName(string name)
    {
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return name;
        }

        var tags = name[(open + 1)..].TrimEnd(']').Split(';')
            .Where(t => t.StartsWith("http.request.method", StringComparison.Ordinal) || t.StartsWith("http.response.status_code", StringComparison.Ordinal)
                || t.StartsWith("error.type", StringComparison.Ordinal) || t.StartsWith("Percentile", StringComparison.Ordinal) || t.StartsWith("gc.heap.generation", StringComparison.Ordinal));
        return name[..open] + "[" + string.Join(';', tags) + "]";
    }

    private static void AppendTop(StringBuilder b, string title, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        b.AppendLine(title + ":").AppendLine().AppendLine("```");
        foreach (var line in File.ReadLines(path).Take(32))
        {
            b.AppendLine(line.Length > 160 ? line[..160] : line);
        }

        b.AppendLine("```").AppendLine();
    }

    private static string CallsDescription(PlatformKind platform) =>
        platform == PlatformKind.Jira ? JiraSite.CallsCounted : ServiceNowSite.CallsCounted;

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static string MemoryTotal()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? "unknown" : Inv($"{double.Parse(line[9..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024 / 1024:F1} GB");
    }

    private static string ReadLoad() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
