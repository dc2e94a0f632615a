using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Tests.Platforms.ServiceNow;
using Adapter.Worker.Tests.Storage;

namespace Adapter.Worker.Tests.Scaling;

/// <summary>Two real worker processes on one PostgreSQL database and one ServiceNow sandbox (in
/// this test process, on loopback), configured through environment variables only: they share
/// the work, every incident is triaged exactly once, and when one is killed with SIGKILL mid-run
/// the other finishes its work.</summary>
public sealed class TwoWorkerProcessesTests
{
    /// <summary>Event 2003: "Incident {Number} routed" — one per write a worker made.</summary>
    private const int RoutedEvent = 2003;

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WorkPatience = TimeSpan.FromSeconds(150);

    [PostgresFact]
    public async Task TwoWorkers_OneDatabase_ShareTheWorkAndTriageEachIncidentOnce()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync();
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 0.3, Kinds = SandboxFaultKinds.SlowResponse, SlowDelay = TimeSpan.FromMilliseconds(300), Seed = 11 },
        });
        var settings = Settings(harness, db);
        await using var first = await WorkerProcess.StartAsync(settings, StartPatience);
        await using var second = await WorkerProcess.StartAsync(settings, StartPatience);
        // Each scheduler checks in to the cluster shortly after it starts (not before /healthz answers).
        var nodes = 0L;
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < StartPatience; await Task.Delay(200))
        {
            if ((nodes = await db.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state")) == 2)
            {
                break;
            }
        }

        var ids = harness.SeedSamples(60, skip: 240);
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), WorkPatience);
        await Task.Delay(1500);
        var firstExit = await first.TerminateAsync(TimeSpan.FromSeconds(30));
        var secondExit = await second.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, nodes);
        Assert.Equal(0, firstExit);
        Assert.Equal(0, secondExit);
        AssertTriagedOnce(harness, ids);
        Assert.True(first.CountEvents(RoutedEvent) > 0, "the first worker wrote nothing");
        Assert.True(second.CountEvents(RoutedEvent) > 0, "the second worker wrote nothing");
        Assert.Equal(ids.Count, first.CountEvents(RoutedEvent) + second.CountEvents(RoutedEvent));
    }

    [PostgresFact]
    public async Task TwoWorkers_OneKilledMidRun_OtherFinishesAndNothingIsWrittenTwice()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync();
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 0.25, Kinds = SandboxFaultKinds.Transient, RetryAfterSeconds = 0, SlowDelay = TimeSpan.FromMilliseconds(700), Seed = 5 },
        });
        var settings = Settings(harness, db);
        await using var victim = await WorkerProcess.StartAsync(settings, StartPatience);
        await using var survivor = await WorkerProcess.StartAsync(settings, StartPatience);

        var ids = harness.SeedSamples(80, skip: 160);
        var leasesHeld = $"SELECT count(*) FROM inbox WHERE status = 'pending' AND lease_until > now() AND lease_owner LIKE '%-{victim.Id}-%'";
        await WaitUntilAsync(async () => await db.ScalarAsync<long>(leasesHeld) > 0, WorkPatience);
        var heldWhenKilled = await db.ScalarAsync<long>(leasesHeld);
        victim.Kill();
        var notesWhenKilled = ids.Count(id => harness.Sandbox.WorkNotes(id).Count > 0);

        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), WorkPatience);
        await WaitUntilAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM inbox WHERE status = 'pending'") == 0, WorkPatience);
        var survivorExit = await survivor.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.True(heldWhenKilled > 0);
        Assert.True(notesWhenKilled < ids.Count, "the victim should have been killed mid-run");
        Assert.Equal(0, survivorExit);
        AssertTriagedOnce(harness, ids);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM inbox WHERE status = 'failed'"));
    }

    private static Dictionary<string, string?> Settings(WorkerHarness harness, TestDatabase db) =>
        new(harness.Settings, StringComparer.Ordinal)
        {
            ["Adapter:Store"] = "postgres",
            ["Adapter:PostgresConnectionString"] = db.ConnectionString,
            ["Adapter:LeaseDuration"] = "00:00:05",
            ["Adapter:Concurrency"] = "4",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };

    private static void AssertTriagedOnce(WorkerHarness harness, IReadOnlyList<string> ids) =>
        Assert.All(ids, id =>
        {
            var incident = harness.Sandbox.GetIncident(id);
            var (category, group) = harness.Expected(id);
            Assert.Equal(category, incident["category"]);
            Assert.Equal(group, incident["assignment_group"]);
            Assert.Single(harness.Sandbox.WorkNotes(id));
        });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(50);
        }
    }
}
