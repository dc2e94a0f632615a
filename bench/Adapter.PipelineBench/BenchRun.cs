using System.Globalization;

namespace Adapter.PipelineBench;

/// <summary>Runs the polling and webhook scenarios for each store, finds the knee, profiles there
/// and writes the report.</summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions options, TextWriter console)
    {
        Directory.CreateDirectory(options.RawFolder);
        var report = new PipelineReport(options);
        var healthy = true;
        foreach (var store in new[] { StoreKind.Sqlite, StoreKind.Postgres })
        {
            if (store == StoreKind.Postgres)
            {
                var refusal = await ProbePostgresAsync(options);
                if (refusal is not null)
                {
                    console.WriteLine($"postgres: not measured: {refusal}");
                    report.NotMeasured(store, refusal);
                    continue;
                }
            }

            var polling = new List<PollingResult>();
            for (var rep = 1; rep <= options.Repetitions && options.PollingIncidents > 0; rep++)
            {
                var r = await PollingScenario.RunAsync(options, store, rep);
                console.WriteLine(Inv($"{store} polling rep {rep}: {r.Triaged}/{r.Seeded} triaged in {r.SecondsToLastNote:F2} s = {r.TriagedPerSecond:F0}/s (steady {r.SteadyTriagedPerSecond:F0}/s), GET/inc {r.Calls.GetsPerIncident:F3}, PATCH/inc {r.Calls.PatchesPerIncident:F3}, peak {r.Cost.PeakMegabytes:F0} MB, CPU {r.Cost.WorkerCpuPerThousand:F2} s/1000, dup {r.Duplicates}"));
                healthy &= r.Triaged == r.Seeded && r.Duplicates == 0;
                polling.Add(r);
            }

            var webhooks = new List<WebhookResult>();
            foreach (var rate in options.Rates)
            {
                for (var rep = 1; rep <= options.Repetitions; rep++)
                {
                    var w = await WebhookScenario.RunAsync(options, store, rate, rep);
                    console.WriteLine(Describe(store, w, $"rep {rep}"));
                    healthy &= w.Accepted == w.Sent && w.Triaged == w.Sent && w.Duplicates == 0;
                    webhooks.Add(w);
                }
            }

            var knee = Knee.Find(webhooks, options.Rates);
            WebhookResult? profiled = null;
            if (options.Profile && Profiler.Available)
            {
                var profiler = new Profiler(options.RawFolder, options.RateDuration);
                var profileRate = options.ProfileRate ?? knee.ProfileRate;
                console.WriteLine($"{store}: profiling one more run at {profileRate}/s with dotnet-counters and dotnet-trace");
                profiled = await WebhookScenario.RunAsync(options, store, profileRate, 0, profiler.ProfileAsync);
                console.WriteLine(Describe(store, profiled, "profiled"));
                await profiler.ReportAsync();
                report.Profiled(profiler);
            }

            report.Add(store, polling, webhooks, knee, profiled);
        }

        await report.WriteAsync();
        console.WriteLine($"report: {options.Report}");
        if (!healthy)
        {
            console.WriteLine("FAILED: some ticket was not triaged, not acknowledged, or noted twice");
        }

        return healthy ? 0 : 1;
    }

    /// <summary>Null when the worker runs on PostgreSQL; otherwise why it was not measured.</summary>
    private static async Task<string?> ProbePostgresAsync(BenchOptions options)
    {
        if (options.PostgresConnectionString is null)
        {
            return "ADAPTER_BENCH_POSTGRES (a connection string) is not set";
        }

        using var env = new BenchEnvironment(options, StoreKind.Postgres, "probe");
        try
        {
            await using var worker = await env.StartWorkerAsync();
            await Task.Delay(500);
            return File.Exists(env.SqlitePath) ? "the worker accepted Adapter:Store=postgres but wrote its SQLite file" : null;
        }
        catch (WorkerStartException ex)
        {
            return "the worker refused Adapter:Store=postgres with Adapter:PostgresConnectionString: " + ex.Message;
        }
        finally
        {
            env.KeepLog(options.RawFolder);
        }
    }

    private static string Describe(StoreKind store, WebhookResult w, string label) =>
        Inv($"{store} webhooks {w.Rate}/s {label}: {w.Accepted}/{w.Sent} acked, ack p50 {w.AckP50Ms:F2} p99 {w.AckP99Ms:F2} p99.9 {w.AckP999Ms:F2} ms (max send lag {w.MaxSendLagMs:F1} ms), ") +
        Inv($"to PATCH p50 {w.ToPatchP50Ms:F0} p99 {w.ToPatchP99Ms:F0} ms, {w.Triaged} triaged at {w.AchievedPerSecond:F0}/s, GET/inc {w.Calls.GetsPerIncident:F3}, PATCH/inc {w.Calls.PatchesPerIncident:F3}, ") +
        Inv($"peak {w.Cost.PeakMegabytes:F0} MB, CPU worker {w.Cost.WorkerCpuPerThousand:F2} s/1000, bench {w.Cost.BenchCpuPerThousand:F2} s/1000, dup {w.Duplicates}");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
