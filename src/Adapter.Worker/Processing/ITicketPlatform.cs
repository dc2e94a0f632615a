using Adapter.Worker.Storage;

namespace Adapter.Worker.Processing;

/// <summary>What processing one inbox item came to.</summary>
public enum ProcessOutcome
{
    /// <summary>Routing fields and the note were written.</summary>
    Written,

    /// <summary>Decided; the ticket already carried the decision (or a person owns the fields).</summary>
    Unchanged,

    /// <summary>Decided and recorded; Shadow mode wrote nothing.</summary>
    Shadow,

    /// <summary>This version (or a newer one) was already processed, or the change was the adapter's own.</summary>
    AlreadyProcessed,

    /// <summary>The ticket no longer exists or is out of scope.</summary>
    Gone,
}

/// <summary>One ITSM platform behind the shared inbox and processor.</summary>
public interface ITicketPlatform
{
    /// <summary>The name used in the inbox, metrics and logs (<c>servicenow</c>, <c>jira</c>).</summary>
    string Name { get; }

    /// <summary>Checks the platform's configuration against the live platform before work starts.</summary>
    Task VerifyAsync(CancellationToken cancellationToken);

    /// <summary>Reads what changed since the watermark into the inbox; returns the number queued.</summary>
    Task<int> PollAsync(CancellationToken cancellationToken);

    Task<ProcessOutcome> ProcessAsync(ClaimedItem item, CancellationToken cancellationToken);
}
