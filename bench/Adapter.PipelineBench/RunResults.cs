namespace Adapter.PipelineBench;

/// <summary>Calls to the platform (reads and writes, see <see cref="IBenchSite.CallsDescription"/>),
/// per triaged ticket.</summary>
internal sealed record InstanceCalls(int Reads, int Writes, int Tickets)
{
    public InstanceCalls(PlatformCalls calls, int tickets)
        : this(calls.Reads, calls.Writes, tickets)
    {
    }

    public double ReadsPerTicket => Tickets == 0 ? double.NaN : (double)Reads / Tickets;

    public double WritesPerTicket => Tickets == 0 ? double.NaN : (double)Writes / Tickets;
}

/// <summary>The worker process from outside: peak resident set, CPU used during the measured
/// phase, and the load generator's (bench process: sandbox and client) CPU for comparison.</summary>
internal sealed record ProcessCost(double PeakMegabytes, double WorkerCpuSeconds, double BenchCpuSeconds, int Tickets)
{
    public double WorkerCpuPerThousand => Tickets == 0 ? double.NaN : WorkerCpuSeconds / Tickets * 1000;

    public double BenchCpuPerThousand => Tickets == 0 ? double.NaN : BenchCpuSeconds / Tickets * 1000;
}

/// <summary>One polling run: N incidents seeded at once, until every one has its work note.</summary>
internal sealed record PollingResult(
    int Seeded,
    int Triaged,
    int Duplicates,
    double SecondsToLastNote,
    double FirstToLastNoteSeconds,
    InstanceCalls Calls,
    ProcessCost Cost)
{
    public double TriagedPerSecond => Triaged / SecondsToLastNote;

    public double SteadyTriagedPerSecond => FirstToLastNoteSeconds > 0 ? (Triaged - 1) / FirstToLastNoteSeconds : double.NaN;
}

/// <summary>One webhook run at a fixed offered rate.</summary>
internal sealed record WebhookResult(
    int Rate,
    int Sent,
    int Accepted,
    int Triaged,
    int Duplicates,
    double AckP50Ms,
    double AckP99Ms,
    double AckP999Ms,
    double MaxSendLagMs,
    double ToPatchP50Ms,
    double ToPatchP99Ms,
    double AchievedPerSecond,
    InstanceCalls Calls,
    ProcessCost Cost);
