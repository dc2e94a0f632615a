using System.Diagnostics;

namespace Adapter.PipelineBench;

/// <summary>The polling path alone: the worker is up and idle, N tickets appear on the platform at
/// once, and the Quartz poll (every 500 ms) finds them. Measured: time from the seeding to the last
/// note, calls to the platform per ticket, the worker's peak memory and CPU.</summary>
internal static class PollingScenario
{
    private const string PollInterval = "00:00:00.500";

    public static async Task<PollingResult> RunAsync(BenchOptions options, PlatformKind platform, StoreKind store, int repetition)
    {
        using var env = new BenchEnvironment(options, platform, store, $"polling-{repetition}");
        env.Settings[env.Site.PollIntervalKey] = PollInterval;
        await using var worker = await env.StartWorkerAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // let the first (empty) poll set its watermark
        var callsBefore = env.Site.Calls();
        var workerCpu = worker.CpuSeconds();
        var benchCpu = ProcStats.CpuSeconds(Environment.ProcessId);

        var seededAt = TimeProvider.System.GetUtcNow();
        var ids = Enumerable.Range(0, options.PollingIncidents).Select(env.Site.AddTicket).ToList();
        var timeout = TimeSpan.FromSeconds(Math.Max(30, options.PollingIncidents / 20.0));
        await Drain.WaitAsync(env, ids, timeout, () => worker.HasExited);

        var cost = new ProcessCost(
            worker.PeakResidentMegabytes(),
            worker.CpuSeconds() - workerCpu,
            ProcStats.CpuSeconds(Environment.ProcessId) - benchCpu,
            ids.Count);
        var notes = ids.Select(env.Site.AdapterNotes).Where(n => n.Count > 0).ToList();
        var first = notes.Count == 0 ? seededAt : notes.Min(n => n[0]);
        var last = notes.Count == 0 ? seededAt : notes.Max(n => n[0]);
        var calls = new InstanceCalls(env.Site.Calls() - callsBefore, notes.Count);
        env.KeepLog(options.RawFolder);
        return new PollingResult(ids.Count, notes.Count, notes.Count(n => n.Count > 1), (last - seededAt).TotalSeconds, (last - first).TotalSeconds, calls, cost);
    }
}

/// <summary>Waits until every listed ticket has the adapter's note, the time is up, or the worker died.</summary>
internal static class Drain
{
    public static async Task WaitAsync(BenchEnvironment env, IEnumerable<string> ids, TimeSpan timeout, Func<bool> workerGone)
    {
        var pending = new HashSet<string>(ids, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0 && clock.Elapsed < timeout && !workerGone())
        {
            pending.RemoveWhere(id => env.Site.AdapterNotes(id).Count > 0);
            if (pending.Count > 0)
            {
                await Task.Delay(100);
            }
        }
    }
}
