using System.Globalization;

namespace Adapter.Bench.FaultRun;

/// <summary>What one fault run does; every value has a bounded default.</summary>
internal sealed record FaultRunOptions(
    string Postgres,
    string WorkerDll,
    string RepositoryRoot,
    string Output,
    string LogFolder,
    int Tickets,
    double FaultRate,
    int Workers,
    TimeSpan KillEvery,
    TimeSpan TimeLimit)
{
    public static FaultRunOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        string Optional(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        var root = Required("repo");
        return new FaultRunOptions(
            Required("postgres"),
            Required("worker"),
            root,
            Optional("out", Path.Combine(root, "bench", "results", "fault-run.md")),
            Optional("logs", Path.Combine(root, "bench", "results", "raw")),
            int.Parse(Optional("tickets", "10000"), CultureInfo.InvariantCulture),
            double.Parse(Optional("fault-rate", "0.2"), CultureInfo.InvariantCulture),
            int.Parse(Optional("workers", "3"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Optional("kill-every", "4"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Optional("time-limit", "3600"), CultureInfo.InvariantCulture)));
    }
}
