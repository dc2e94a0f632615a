using Adapter.Core.Classification;
using BenchmarkDotNet.Attributes;

namespace Adapter.Benchmarks;

/// <summary>Time and allocation of one <see cref="TriageClassifier.Classify(string?, string?)"/>
/// call on a realistic ticket of <see cref="TicketLength"/> characters. A fixed set of
/// <see cref="TicketCorpus.Count"/> tickets is cycled, so the figure is an average over varied
/// text rather than one ticket the branch predictor has learned. Targets (600 characters, one
/// core): at least 100,000 classifications/s, i.e. at most 10,000 ns/op, and under 2 KB
/// allocated per classification.</summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private TriageClassifier _classifier = null!;
    private BenchTicket[] _tickets = [];
    private int _next;

    /// <summary>Characters of ticket text: 600 is a typical written-up ticket, 120 a one-liner.</summary>
    [Params(600, 120)]
    public int TicketLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _classifier = TriageSettings.BuildClassifier();
        _tickets = TicketCorpus.Build(TicketLength);
        _next = 0;
    }

    [Benchmark]
    public TriageDecision Classify()
    {
        var ticket = _tickets[_next++ & (TicketCorpus.Count - 1)];
        return _classifier.Classify(ticket.Title, ticket.Description);
    }
}
