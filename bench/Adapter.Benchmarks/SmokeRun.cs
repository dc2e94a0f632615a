using System.Diagnostics;
using System.Globalization;
using Adapter.Core.Classification;

namespace Adapter.Benchmarks;

/// <summary>The <c>--smoke</c> check for CI: classifies <see cref="Classifications"/> tickets per
/// length in-process with a stopwatch, after a short warm-up, and prints the rate and the bytes
/// allocated per call. It proves the benchmark's inputs load and the classifier runs; one short
/// sample is a rough figure, so it asserts no target.</summary>
internal static class SmokeRun
{
    public const string Argument = "--smoke";

    public const int Classifications = 10_000;

    /// <summary>Long enough for tiered compilation to reach optimised, profile-guided code (its
    /// call-counting delay is 100 ms), short enough for CI. On a process limited to one CPU the
    /// runtime stretches that delay tenfold, so a pinned smoke run still measures partly
    /// unoptimised code: quote BenchmarkDotNet's pinned figures, not these.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    private static readonly int[] Lengths = [600, 120];

    public static int Run(TextWriter output)
    {
        var classifier = TriageSettings.BuildClassifier();
        foreach (var length in Lengths)
        {
            var tickets = TicketCorpus.Build(length);
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed < WarmUp)
            {
                ClassifyAll(classifier, tickets, tickets.Length);
            }

            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            var needsReview = ClassifyAll(classifier, tickets, Classifications);
            stopwatch.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            var perSecond = Classifications / stopwatch.Elapsed.TotalSeconds;
            var average = tickets.Average(t => t.Length);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"smoke: {length}-char tickets (avg {average:F0} chars): {Classifications} classifications in {stopwatch.Elapsed.TotalMilliseconds:F1} ms = {perSecond:F0} classifications/s, {(double)allocated / Classifications:F0} B allocated/op, {needsReview} needs_review"));
        }

        return 0;
    }

    private static int ClassifyAll(TriageClassifier classifier, BenchTicket[] tickets, int count)
    {
        var needsReview = 0;
        for (var i = 0; i < count; i++)
        {
            var ticket = tickets[i & (tickets.Length - 1)];
            needsReview += classifier.Classify(ticket.Title, ticket.Description).NeedsReview ? 1 : 0;
        }

        return needsReview;
    }
}
