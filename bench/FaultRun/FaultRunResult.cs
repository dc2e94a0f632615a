namespace Adapter.Bench.FaultRun;

/// <summary>What a fault run came to.</summary>
internal sealed record FaultRunResult(
    int Tickets,
    int Lost,
    int WrittenTwice,
    int ExtraNotes,
    int MisRouted,
    bool Finished,
    TimeSpan Elapsed,
    int Kills,
    int WorkerStarts,
    int FaultsInjected,
    int TableRequests,
    int Patches,
    long InboxDone,
    long InboxFailed,
    long InboxPending,
    IReadOnlyList<int> FinalExitCodes);
