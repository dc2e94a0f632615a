using System.Diagnostics;
using System.Globalization;
using CsvHelper;

namespace Adapter.Benchmarks;

/// <summary><c>--samples-throughput [csv]</c>: classifications per second over the labeled samples
/// themselves (title and description as written, default <c>samples/tickets.csv</c>), cycled, so the
/// figure compares with the trained baseline's predict throughput on the same tickets
/// (<c>bench/run-classifier-vs-baseline.sh</c> runs both under <c>taskset -c 0</c>). Per wall-clock
/// second and per CPU second of the process (steadier when other processes compete for the core). A 3 s warm-up
/// first: pinned to one CPU, the runtime delays tier-up tenfold (about 1 s). Prints one JSON line.</summary>
internal static class SamplesThroughputRun
{
    public const string Argument = "--samples-throughput";

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(5);

    public static int Run(string? csvPath, TextWriter output)
    {
        var path = csvPath ?? RepositoryRoot.PathOf(Path.Combine("samples", "tickets.csv"));
        var tickets = Read(path);
        var classifier = TriageSettings.BuildClassifier();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < WarmUp)
        {
            ClassifyAll(classifier, tickets);
        }

        long count = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        while (clock.Elapsed < Measure)
        {
            count += ClassifyAll(classifier, tickets);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"tickets\":{tickets.Count},\"classifications\":{count},\"seconds\":{seconds:F3},\"per_second\":{count / seconds:F0},\"cpu_seconds\":{cpuSeconds:F3},\"per_cpu_second\":{count / cpuSeconds:F0},\"peak_rss_mb\":{PeakResidentMegabytes():F1}}}"));
        return 0;
    }

    private static int ClassifyAll(Adapter.Core.Classification.TriageClassifier classifier, List<BenchTicket> tickets)
    {
        foreach (var ticket in tickets)
        {
            _ = classifier.Classify(ticket.Title, ticket.Description);
        }

        return tickets.Count;
    }

    private static List<BenchTicket> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var tickets = new List<BenchTicket>();
        while (csv.Read())
        {
            tickets.Add(new BenchTicket(csv.GetField("title") ?? "", csv.GetField("description") ?? ""));
        }

        return tickets.Count > 0 ? tickets : throw new InvalidOperationException($"{path} holds no tickets.");
    }

    private static double PeakResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[6..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024;
    }
}
