using System.Globalization;

namespace Adapter.PipelineBench;

/// <summary>What to run, from the command line. <c>--smoke</c> is a few seconds of tiny load.</summary>
internal sealed class BenchOptions
{
    public bool Smoke { get; private set; }

    public int Repetitions { get; private set; } = 3;

    /// <summary>Incidents seeded for the polling run. Default 1,000.</summary>
    public int PollingIncidents { get; private set; } = 1000;

    /// <summary>Webhook rates in requests per second, rising. Default 50, 100, 200, 400, 800.</summary>
    public IReadOnlyList<int> Rates { get; private set; } = [50, 100, 200, 400, 800];

    /// <summary>How long each rate is offered. Default 8 s.</summary>
    public TimeSpan RateDuration { get; private set; } = TimeSpan.FromSeconds(8);

    /// <summary>The worker's client-side limit (<c>ServiceNow:RequestsPerSecond</c>). Default 2,000, well
    /// above the load, so the bench finds the worker's limit rather than the configured one.</summary>
    public int InstanceRequestsPerSecond { get; private set; } = 2000;

    public string WorkerDll { get; private set; } = "";

    public string Report { get; private set; } = "";

    public string RawFolder { get; private set; } = "";

    /// <summary>Profile one more webhook run at the knee with dotnet-counters and dotnet-trace.</summary>
    public bool Profile { get; private set; }

    /// <summary>Profile at this rate instead of the knee (<c>--profile-rate</c>); implies <see cref="Profile"/>.</summary>
    public int? ProfileRate { get; private set; }

    public string? PostgresConnectionString { get; private set; }

    /// <summary>Platforms to run (<c>--platforms servicenow,jira</c>). Default both; PostgreSQL is
    /// measured for ServiceNow only.</summary>
    public IReadOnlyList<PlatformKind> Platforms { get; private set; } = [PlatformKind.ServiceNow, PlatformKind.Jira];

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        var root = RepositoryFiles.RootFolder;
        o.WorkerDll = Path.Combine(root, "src", "Adapter.Worker", "bin", "Release", "net10.0", "Adapter.Worker.dll");
        o.Report = Path.Combine(root, "bench", "results", "pipeline.md");
        o.RawFolder = Path.Combine(root, "bench", "results", "raw", "pipeline");
        o.PostgresConnectionString = Environment.GetEnvironmentVariable("ADAPTER_BENCH_POSTGRES") is { Length: > 0 } pg ? pg : null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smoke":
                    o.Smoke = true;
                    o.Repetitions = 1;
                    o.PollingIncidents = 30;
                    o.Rates = [20];
                    o.RateDuration = TimeSpan.FromSeconds(1);
                    o.Report = Path.Combine(root, "bench", "results", "raw", "pipeline-smoke.md");
                    break;
                case "--reps":
                    o.Repetitions = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--polling-incidents":
                    o.PollingIncidents = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--rates":
                    o.Rates = [.. args[++i].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))];
                    break;
                case "--seconds":
                    o.RateDuration = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--instance-rps":
                    o.InstanceRequestsPerSecond = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--worker-dll":
                    o.WorkerDll = Path.GetFullPath(args[++i]);
                    break;
                case "--report":
                    o.Report = Path.GetFullPath(args[++i]);
                    break;
                case "--raw":
                    o.RawFolder = Path.GetFullPath(args[++i]);
                    break;
                case "--platforms":
                    o.Platforms = [.. args[++i].Split(',').Select(p => Enum.Parse<PlatformKind>(p.Trim(), ignoreCase: true)).Distinct()];
                    break;
                case "--profile":
                    o.Profile = true;
                    break;
                case "--profile-rate":
                    o.Profile = true;
                    o.ProfileRate = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}' (see bench/README.md)");
            }
        }

        return File.Exists(o.WorkerDll) ? o
            : throw new ArgumentException($"{o.WorkerDll} not found: dotnet build -c Release src/Adapter.Worker/Adapter.Worker.csproj");
    }
}
