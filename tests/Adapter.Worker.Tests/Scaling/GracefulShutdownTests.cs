using System.Diagnostics;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Tests.Platforms.ServiceNow;
using Microsoft.Data.Sqlite;

namespace Adapter.Worker.Tests.Scaling;

/// <summary>SIGTERM to a real worker process with incidents in flight: it stops taking work,
/// finishes what fits in Adapter:DrainTimeout, gives the rest back to the inbox, and exits 0.</summary>
public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigterm_WorkLongerThanDrainTimeout_ReleasedAndExitZero()
    {
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.SlowResponse, SlowDelay = TimeSpan.FromSeconds(6) },
        });
        var settings = Settings(harness, drainTimeout: "00:00:01");
        await using var worker = await WorkerProcess.StartAsync(settings, Patience);
        harness.SeedSamples(3, skip: 320);
        await WorkerHarness.WaitUntilAsync(() => harness.Sandbox.CountRequests("GET", "/api/now/table/incident/") > 0, Patience);

        var clock = Stopwatch.StartNew();
        var exit = await worker.TerminateAsync(Patience);

        Assert.Equal(0, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed} to stop; the slow answers alone take 6 s");
        Assert.Equal(0, harness.Sandbox.CountRequests("PATCH", "/api/now/table/incident"));
        Assert.Equal((3L, 0L, 0L), await InboxAsync(harness));
    }

    [Fact]
    public async Task Sigterm_WorkShorterThanDrainTimeout_FinishedAndExitZero()
    {
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions
        {
            Faults = new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.SlowResponse, SlowDelay = TimeSpan.FromMilliseconds(700) },
        });
        var settings = Settings(harness, drainTimeout: "00:00:30");
        await using var worker = await WorkerProcess.StartAsync(settings, Patience);
        var ids = harness.SeedSamples(3, skip: 330);
        await WorkerHarness.WaitUntilAsync(() => harness.Sandbox.CountRequests("GET", "/api/now/table/incident/") > 0, Patience);

        var exit = await worker.TerminateAsync(Patience);

        Assert.Equal(0, exit);
        Assert.All(ids, id => Assert.Single(harness.Sandbox.WorkNotes(id)));
        var (_, leased, done) = await InboxAsync(harness);
        Assert.Equal(0L, leased);
        Assert.Equal(3L, done);
    }

    private static Dictionary<string, string?> Settings(WorkerHarness harness, string drainTimeout) =>
        new(harness.Settings, StringComparer.Ordinal)
        {
            ["Adapter:DrainTimeout"] = drainTimeout,
            ["ServiceNow:AttemptTimeout"] = "00:00:30",
            ["ServiceNow:TotalTimeout"] = "00:01:00",

            // No filter to check at start, so only the poll and the processing meet the slow answers.
            ["ServiceNow:Filter"] = "",
        };

    /// <summary>Pending items, how many of them are still leased, and done items.</summary>
    private static async Task<(long Pending, long Leased, long Done)> InboxAsync(WorkerHarness harness)
    {
        await using var connection = new SqliteConnection($"Data Source={harness.Settings["Adapter:SqlitePath"]};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(SUM(status = 'pending'), 0), COALESCE(SUM(status = 'pending' AND lease_owner IS NOT NULL), 0), COALESCE(SUM(status = 'done'), 0)
            FROM inbox
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
