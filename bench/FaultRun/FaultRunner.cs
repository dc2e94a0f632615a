using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Adapter.Sandbox.ServiceNow;
using CsvHelper;
using Npgsql;

namespace Adapter.Bench.FaultRun;

/// <summary>Sets up the sandbox, the database and the fleet, runs the kill loop until every
/// incident is triaged and the inbox is empty (or the time limit), then counts.</summary>
internal static class FaultRunner
{
    private const string AdapterUser = "adapter.integration";
    private static readonly TimeSpan Progress = TimeSpan.FromSeconds(10);

    public static async Task<FaultRunResult> RunAsync(FaultRunOptions options)
    {
        Directory.CreateDirectory(options.LogFolder);
        var sandboxOptions = new ServiceNowSandboxOptions
        {
            UserName = AdapterUser,
            Faults = new ServiceNowFaultOptions { Rate = options.FaultRate, Kinds = SandboxFaultKinds.Transient, RetryAfterSeconds = 1, SlowDelay = TimeSpan.FromMilliseconds(1500), Seed = 2026 },
        };
        using var sandbox = ServiceNowSandbox.Start(sandboxOptions);
        var settings = Settings(options, sandbox, sandboxOptions.Password);
        var ids = Seed(options, sandbox);
        var database = await FreshDatabaseAsync(options.Postgres);
        settings["Adapter:PostgresConnectionString"] = database;
        Console.WriteLine($"fault run: {ids.Count} incidents, fault rate {options.FaultRate:P0}, {options.Workers} workers, a kill every {options.KillEvery.TotalSeconds} s");

        using var fleet = new WorkerFleet(options, settings);
        var clock = Stopwatch.StartNew();
        fleet.StartAll();
        var nextKill = options.KillEvery;
        var nextReport = Progress;
        var finished = false;
        while (clock.Elapsed < options.TimeLimit)
        {
            await Task.Delay(250);
            if (clock.Elapsed >= nextKill && fleet.KillOldestReady())
            {
                nextKill = clock.Elapsed + options.KillEvery;
            }

            if (clock.Elapsed >= nextReport)
            {
                var (pending, done, failed) = await InboxAsync(database);
                var noted = ids.Count(id => sandbox.WorkNotes(id).Count > 0);
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s: {noted}/{ids.Count} noted, inbox pending {pending} done {done} failed {failed}, kills {fleet.Kills}, faults {sandbox.CountFaults}");
                nextReport += Progress;
            }

            if (ids.All(id => sandbox.WorkNotes(id).Count > 0) && (await InboxAsync(database)).Pending == 0)
            {
                finished = true;
                break;
            }
        }

        var elapsed = clock.Elapsed;

        // Let anything still in flight land before counting, then stop the fleet the polite way.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var exits = await fleet.StopAllAsync(TimeSpan.FromSeconds(60));
        var notes = ids.Select(id => sandbox.WorkNotes(id).Count).ToList();
        var misRouted = ids.Count(id =>
        {
            var incident = sandbox.GetIncident(id);
            return incident["category"].Length == 0 || incident["assignment_group"].Length == 0;
        });
        var inbox = await InboxAsync(database);
        return new FaultRunResult(
            ids.Count,
            notes.Count(n => n == 0),
            notes.Count(n => n > 1),
            notes.Where(n => n > 1).Sum(n => n - 1),
            misRouted,
            finished,
            elapsed,
            fleet.Kills,
            fleet.Starts,
            sandbox.CountFaults,
            sandbox.CountRequests("GET", "/api/now/table") + sandbox.CountRequests("PATCH", "/api/now/table"),
            sandbox.CountRequests("PATCH", "/api/now/table"),
            inbox.Done,
            inbox.Failed,
            inbox.Pending,
            exits);
    }

    private static Dictionary<string, string> Settings(FaultRunOptions options, ServiceNowSandbox sandbox, string password)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Adapter:Store"] = "postgres",
            ["Adapter:LeaseDuration"] = "00:00:05",
            ["Adapter:Concurrency"] = "16",
            ["Adapter:InboxPollInterval"] = "00:00:00.100",
            ["Adapter:RetryDelay"] = "00:00:00.200",
            ["Adapter:MaxAttempts"] = "100",
            ["Adapter:DrainTimeout"] = "00:00:05",
            ["ServiceNow:Enabled"] = "true",
            ["ServiceNow:InstanceUrl"] = sandbox.Url,
            ["ServiceNow:UserName"] = AdapterUser,
            ["ServiceNow:Password"] = password,
            ["ServiceNow:PollInterval"] = "00:00:01",
            ["ServiceNow:PageSize"] = "500",
            ["ServiceNow:RequestsPerSecond"] = "2000",
            ["ServiceNow:RetryBaseDelay"] = "00:00:00.050",
            ["ServiceNow:AttemptTimeout"] = "00:00:05",
            ["ServiceNow:TotalTimeout"] = "00:00:30",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };

        // Every resolver group of the routing table exists in the instance and is mapped to it.
        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(options.RepositoryRoot, "appsettings.json")));
        foreach (var group in appsettings.RootElement.GetProperty("Triage").GetProperty("Routing").GetProperty("Groups").EnumerateArray())
        {
            var name = group.GetString()!;
            settings[$"ServiceNow:Fields:AssignmentGroups:{name}"] = sandbox.AddGroup(name);
        }

        return settings;
    }

    /// <summary>The sample tickets, cycled until there are enough, as new incidents.</summary>
    private static List<string> Seed(FaultRunOptions options, ServiceNowSandbox sandbox)
    {
        var rows = new List<(string Title, string Description)>();
        using (var reader = new StreamReader(Path.Combine(options.RepositoryRoot, "samples", "tickets.csv")))
        using (var csv = new CsvReader(reader, CultureInfo.InvariantCulture))
        {
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                rows.Add((csv.GetField("title")!, csv.GetField("description")!));
            }
        }

        var path = Path.Combine(options.LogFolder, "fault-run-seed.csv");
        using (var writer = new StreamWriter(path))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            csv.WriteField("id");
            csv.WriteField("title");
            csv.WriteField("description");
            csv.NextRecord();
            for (var n = 0; n < options.Tickets; n++)
            {
                var (title, description) = rows[n % rows.Count];
                csv.WriteField($"F{n:00000}");
                csv.WriteField(title);
                csv.WriteField(description);
                csv.NextRecord();
            }
        }

        sandbox.SeedFromCsv(path);
        return [.. sandbox.Incidents.Select(i => i["sys_id"])];
    }

    private static async Task<string> FreshDatabaseAsync(string server)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS adapter_fault_run WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand("CREATE DATABASE adapter_fault_run", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = "adapter_fault_run" }.ConnectionString;
    }

    private static async Task<(long Pending, long Done, long Failed)> InboxAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'failed')
            FROM inbox
            """,
            connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No worker has migrated the database yet.
            return (0, 0, 0);
        }
    }
}
