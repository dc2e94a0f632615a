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
        foreach (var (platform, store) in Runs(options))
        {
            var name = Inv($"{platform} {store}");
            if (store == StoreKind.Postgres)
            {
                var refusal = await ProbePostgresAsync(options, platform);
                if (refusal is not null)
                {
                    console.WriteLine($"{name}: not measured: {refusal}");
                    report.NotMeasured(platform, store, refusal);
                    continue;
                }
            }

            var polling = new List<PollingResult>();
            for (var rep = 1; rep <= options.Repetitions && options.PollingIncidents > 0; rep++)
            {
                var r = await PollingScenario.RunAsync(options, platform, store, rep);
                console.WriteLine(Inv($"{name} polling rep {rep}: {r.Triaged}/{r.Seeded} triaged in {r.SecondsToLastNote:F2} s = {r.TriagedPerSecond:F0}/s (steady {r.SteadyTriagedPerSecond:F0}/s), reads/ticket {r.Calls.ReadsPerTicket:F3}, writes/ticket {r.Calls.WritesPerTicket:F3}, peak {r.Cost.PeakMegabytes:F0} MB, CPU {r.Cost.WorkerCpuPerThousand:F2} s/1000, dup {r.Duplicates}"));
                healthy &= r.Triaged == r.Seeded && r.Duplicates == 0;
                polling.Add(r);
            }

            var webhooks = new List<WebhookResult>();
            foreach (var rate in options.Rates)
            {
                for (var rep = 1; rep <= options.Repetitions; rep++)
                {
                    var w = await WebhookScenario.RunAsync(options, platform, store, rate, rep);
                    console.WriteLine(Describe(name, w, $"rep {rep}"));
                    healthy &= w.Accepted == w.Sent && w.Triaged == w.Sent && w.Duplicates == 0;
                    webhooks.Add(w);
                }
            }

            var knee = Knee.Find(webhooks, options.Rates);
            WebhookResult? profiled = null;
            Profiler? profiler = null;
            if (options.Profile && Profiler.Available)
            {
                profiler = new Profiler(options.RawFolder, Inv($"{platform}-{store}").ToLowerInvariant(), options.RateDuration);
                var profileRate = options.ProfileRate ?? knee.ProfileRate;
                console.WriteLine($"{name}: profiling one more run at {profileRate}/s with dotnet-counters and dotnet-trace");
                profiled = await WebhookScenario.RunAsync(options, platform, store, profileRate, 0, profiler.ProfileAsync);
                console.WriteLine(Describe(name, profiled, "profiled"));
                await profiler.ReportAsync();
            }

            report.Add(platform, store, polling, webhooks, knee, profiled, profiler);
        }

        await report.WriteAsync();
        console.WriteLine($"report: {options.Report}");
        if (!healthy)
        {
            console.WriteLine("FAILED: some ticket was not triaged, not acknowledged, or noted twice");
        }

        return healthy ? 0 : 1;
    }

    /// <summary>Each platform on SQLite; ServiceNow on PostgreSQL too (reported as not measured
    /// when <c>ADAPTER_BENCH_POSTGRES</c> is unset).</summary>
    private static IEnumerable<(PlatformKind Platform, StoreKind Store)> Runs(BenchOptions options)
    {
        foreach (var platform in options.Platforms)
        {
            yield return (platform, StoreKind.Sqlite);
            if (platform == PlatformKind.ServiceNow)
            {
                yield return (platform, StoreKind.Postgres);
            }
        }
    }

    /// <summary>Null when the worker runs on PostgreSQL; otherwise why it was not measured.</summary>
    private static async Task<string?> ProbePostgresAsync(BenchOptions options, PlatformKind platform)
    {
        if (options.PostgresConnectionString is null)
        {
            return "ADAPTER_BENCH_POSTGRES (a connection string) is not set";
        }

        BenchEnvironment env;
        try
        {
            env = new BenchEnvironment(options, platform, StoreKind.Postgres, "probe");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or ArgumentException)
        {
            return "could not create the bench database on ADAPTER_BENCH_POSTGRES: " + ex.Message;
        }

        using var _ = env;
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

    private static string Describe(string name, WebhookResult w, string label) =>
        Inv($"{name} webhooks {w.Rate}/s {label}: {w.Accepted}/{w.Sent} acked, ack p50 {w.AckP50Ms:F2} p99 {w.AckP99Ms:F2} p99.9 {w.AckP999Ms:F2} ms (max send lag {w.MaxSendLagMs:F1} ms), ") +
        Inv($"to write p50 {w.ToPatchP50Ms:F0} p99 {w.ToPatchP99Ms:F0} ms, {w.Triaged} triaged at {w.AchievedPerSecond:F0}/s, reads/ticket {w.Calls.ReadsPerTicket:F3}, writes/ticket {w.Calls.WritesPerTicket:F3}, ") +
        Inv($"peak {w.Cost.PeakMegabytes:F0} MB, CPU worker {w.Cost.WorkerCpuPerThousand:F2} s/1000, bench {w.Cost.BenchCpuPerThousand:F2} s/1000, dup {w.Duplicates}");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
