namespace Adapter.PipelineBench;

/// <summary>The ticket platform a run drives the worker against.</summary>
internal enum PlatformKind
{
    ServiceNow,
    Jira,
}

/// <summary>One platform's sandbox as a bench run needs it: the worker settings that point at it,
/// tickets created as the help desk would, the signed notice its webhook would send, and what the
/// adapter wrote back (the first note or comment and when it was made).</summary>
internal interface IBenchSite : IDisposable
{
    PlatformKind Platform { get; }

    /// <summary>The worker's settings for this platform (<c>Section:Key</c>).</summary>
    IReadOnlyDictionary<string, string> WorkerSettings { get; }

    /// <summary>The setting that turns the platform's poll on or off, and its interval.</summary>
    string PollingEnabledKey { get; }

    string PollIntervalKey { get; }

    /// <summary>What <see cref="PlatformCalls.Reads"/> and <see cref="PlatformCalls.Writes"/> count.</summary>
    string CallsDescription { get; }

    /// <summary>Creates ticket number <paramref name="index"/> with sample text; returns its id.</summary>
    string AddTicket(int index);

    /// <summary>The signed notice the platform's webhook would send for the ticket.</summary>
    HttpRequestMessage Notice(string id);

    /// <summary>The adapter's notes (work notes, comments) on the ticket, oldest first, with the
    /// time each was written.</summary>
    IReadOnlyList<DateTimeOffset> AdapterNotes(string id);

    /// <summary>Requests to the platform so far.</summary>
    PlatformCalls Calls();
}

/// <summary>Requests the worker made to the platform: reads (fetching tickets) and writes
/// (routing fields and the note).</summary>
internal readonly record struct PlatformCalls(int Reads, int Writes)
{
    public static PlatformCalls operator -(PlatformCalls a, PlatformCalls b) => new(a.Reads - b.Reads, a.Writes - b.Writes);
}
