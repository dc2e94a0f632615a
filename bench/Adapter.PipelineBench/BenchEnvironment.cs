using System.Globalization;
using System.Text.Json;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.PipelineBench;

/// <summary>One measured run's surroundings: a fresh platform sandbox on 127.0.0.1, a temp folder
/// for the store and log, and the worker settings pointing at both.</summary>
internal sealed class BenchEnvironment : IDisposable
{
    private readonly DirectoryInfo _data;

    public BenchEnvironment(BenchOptions options, PlatformKind platform, StoreKind store, string label)
    {
        Options = options;
        _data = Directory.CreateTempSubdirectory("adapter-pipeline-bench-");
        Site = platform switch
        {
            PlatformKind.Jira => new JiraSite(options.InstanceRequestsPerSecond),
            _ => new ServiceNowSite(options.InstanceRequestsPerSecond),
        };
        Settings = new Dictionary<string, string>(Site.WorkerSettings, StringComparer.Ordinal)
        {
            ["Adapter:SqlitePath"] = SqlitePath,
            ["Adapter:InboxPollInterval"] = "00:00:00.200",

            // The load generator is one address standing for the whole instance; the per-source
            // limit guards against a flood and would otherwise cap the measured rate at its 50/s.
            ["Adapter:WebhookRateLimitPerSecond"] = "100000",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };

        if (store == StoreKind.Postgres)
        {
            Settings["Adapter:Store"] = "postgres";
            Settings["Adapter:PostgresConnectionString"] = PostgresBenchDatabase.Fresh(options.PostgresConnectionString
                ?? throw new InvalidOperationException("ADAPTER_BENCH_POSTGRES is not set"));
        }

        LogPath = Path.Combine(_data.FullName, $"worker-{platform.ToString().ToLowerInvariant()}-{store.ToString().ToLowerInvariant()}-{label}.log");
    }

    public BenchOptions Options { get; }

    public IBenchSite Site { get; }

    public Dictionary<string, string> Settings { get; }

    public string LogPath { get; }

    public string SqlitePath => Path.Combine(_data.FullName, "adapter.db");

    public Task<WorkerProcess> StartWorkerAsync() =>
        WorkerProcess.StartAsync(Options.WorkerDll, Settings, LogPath, TimeSpan.FromSeconds(60));

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
        Site.Dispose();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A free TCP port on the loopback address.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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

    /// <summary>The Jira components the shipped field map writes: the bucket components and the
    /// resolver groups (the site refuses an edit naming a component it does not have).</summary>
    public static IReadOnlyList<string> JiraComponents()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root.Value, "appsettings.json")));
        var fields = document.RootElement.GetProperty("Jira").GetProperty("Fields");
        return [.. fields.GetProperty("BucketComponents").EnumerateObject().Concat(fields.GetProperty("Groups").EnumerateObject())
            .Select(p => p.Value.GetString()!).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal)];
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
