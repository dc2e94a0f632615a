using System.Globalization;
using System.Text.Json;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.PipelineBench;

/// <summary>One measured run's surroundings: a fresh sandbox on 127.0.0.1 with the routing groups,
/// a temp folder for the store and log, and the worker settings pointing at both.</summary>
internal sealed class BenchEnvironment : IDisposable
{
    public const string UserName = "adapter.integration";

    private readonly DirectoryInfo _data;

    public BenchEnvironment(BenchOptions options, StoreKind store, string label)
    {
        Options = options;
        _data = Directory.CreateTempSubdirectory("adapter-pipeline-bench-");
        Sandbox = ServiceNowSandbox.Start(new ServiceNowSandboxOptions { UserName = UserName, Password = Password });
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Adapter:SqlitePath"] = SqlitePath,
            ["Adapter:InboxPollInterval"] = "00:00:00.200",
            ["ServiceNow:Enabled"] = "true",
            ["ServiceNow:InstanceUrl"] = Sandbox.Url,
            ["ServiceNow:UserName"] = UserName,
            ["ServiceNow:Password"] = Password,
            ["ServiceNow:WebhookSecret"] = Secret,
            ["ServiceNow:RequestsPerSecond"] = options.InstanceRequestsPerSecond.ToString(CultureInfo.InvariantCulture),

            // The load generator is one address standing for the whole instance; the per-source
            // limit guards against a flood and would otherwise cap the measured rate at its 50/s.
            ["Adapter:WebhookRateLimitPerSecond"] = "100000",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var group in RepositoryFiles.RoutingGroups())
        {
            Settings[$"ServiceNow:Fields:AssignmentGroups:{group}"] = Sandbox.AddGroup(group);
        }

        if (store == StoreKind.Postgres)
        {
            Settings["Adapter:Store"] = "postgres";
            Settings["Adapter:PostgresConnectionString"] = options.PostgresConnectionString
                ?? throw new InvalidOperationException("ADAPTER_BENCH_POSTGRES is not set");
        }

        LogPath = Path.Combine(_data.FullName, $"worker-{store.ToString().ToLowerInvariant()}-{label}.log");
    }

    public BenchOptions Options { get; }

    public ServiceNowSandbox Sandbox { get; }

    public Dictionary<string, string> Settings { get; }

    public string Secret { get; } = "bench-webhook-secret-not-real";

    public string LogPath { get; }

    public string SqlitePath => Path.Combine(_data.FullName, "adapter.db");

    private static string Password => "bench-sandbox-password";

    public Task<WorkerProcess> StartWorkerAsync() =>
        WorkerProcess.StartAsync(Options.WorkerDll, Settings, LogPath, TimeSpan.FromSeconds(60));

    /// <summary>Adds one incident with sample text, as the service desk would create it.</summary>
    public string AddIncident(int index)
    {
        var ticket = RepositoryFiles.Tickets[index % RepositoryFiles.Tickets.Count];
        return Sandbox.AddIncident(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["short_description"] = ticket.Title,
            ["description"] = ticket.Description,
            ["correlation_id"] = string.Create(CultureInfo.InvariantCulture, $"B{index:D7}"),
        });
    }

    /// <summary>Copies the worker's log next to the results before the temp folder goes.</summary>
    public void KeepLog(string folder)
    {
        Directory.CreateDirectory(folder);
        if (File.Exists(LogPath))
        {
            File.Copy(LogPath, Path.Combine(folder, Path.GetFileName(LogPath)), overwrite: true);
        }
    }

    public void Dispose()
    {
        Sandbox.Dispose();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The worker's store: the embedded SQLite file, or PostgreSQL when
/// <c>ADAPTER_BENCH_POSTGRES</c> gives a connection string.</summary>
internal enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>The checkout's own files: the routing groups of <c>appsettings.json</c> and the sample
/// tickets, so the bench measures the shipped configuration.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(Locate);
    private static readonly Lazy<IReadOnlyList<(string Title, string Description)>> LazyTickets = new(ReadTickets);

    public static string RootFolder => Root.Value;

    public static IReadOnlyList<(string Title, string Description)> Tickets => LazyTickets.Value;

    public static IReadOnlyList<string> RoutingGroups()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root.Value, "appsettings.json")));
        return [.. document.RootElement.GetProperty("Triage").GetProperty("Routing").GetProperty("Groups").EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Adapter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Adapter.sln above {AppContext.BaseDirectory}: run the bench from a checkout.");
    }

    private static IReadOnlyList<(string Title, string Description)> ReadTickets()
    {
        // The sandbox's own CSV reader seeds a throwaway sandbox; its incidents carry the text.
        using var sandbox = ServiceNowSandbox.Start();
        sandbox.SeedFromCsv(Path.Combine(Root.Value, "samples", "tickets.csv"));
        return [.. sandbox.Incidents.Select(i => (i["short_description"], i["description"]))];
    }
}
