using Adapter.Core.Audit;

namespace Adapter.Worker.Storage;

/// <summary>The adapter's durable state: the inbox, watermarks, per-ticket state and decisions.
/// Holds ids, versions, labels and rule ids only.</summary>
public interface IAdapterStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Adds an item unless the same ticket version is already there; returns whether it was new.</summary>
    Task<bool> EnqueueAsync(InboxItem item, CancellationToken cancellationToken);

    /// <summary>Adds a page of polled items and moves the watermark in one transaction, so the
    /// watermark never passes an item that is not durably queued.</summary>
    Task<int> EnqueuePageAsync(string platform, IReadOnlyList<InboxItem> items, string watermark, CancellationToken cancellationToken);

    Task<string?> GetWatermarkAsync(string platform, CancellationToken cancellationToken);

    /// <summary>Reserves up to <paramref name="max"/> due items, at most one per ticket.</summary>
    Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the leases <paramref name="owner"/> still holds on <paramref name="ids"/> to
    /// <paramref name="until"/>, so that slow work is not claimed again under a live worker; returns
    /// the ids still held (one whose lease lapsed and went to another worker is missing).</summary>
    Task<IReadOnlyList<long>> RenewLeasesAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset until, CancellationToken cancellationToken);

    Task CompleteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; the item is due again at <paramref name="retryAt"/>, or
    /// parked as failed when <paramref name="giveUp"/>.</summary>
    Task FailAsync(long id, string reason, DateTimeOffset retryAt, bool giveUp, CancellationToken cancellationToken);

    /// <summary>Gives an item back unprocessed (shutdown).</summary>
    Task ReleaseAsync(long id, CancellationToken cancellationToken);

    Task<TicketState?> GetTicketAsync(string platform, string ticketId, CancellationToken cancellationToken);

    Task SaveTicketAsync(TicketState state, DateTimeOffset now, CancellationToken cancellationToken);

    Task RecordDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(string platform, CancellationToken cancellationToken);

    Task<InboxCounts> CountInboxAsync(CancellationToken cancellationToken);

    /// <summary>The audit's memory of one ticket between intake and closure.</summary>
    Task<AuditTicket?> GetAuditTicketAsync(string platform, string ticketId, CancellationToken cancellationToken);

    Task SaveAuditTicketAsync(AuditTicket ticket, CancellationToken cancellationToken);

    /// <summary>Stores a flag unless the same (ticket, kind, field, to-value) is already there;
    /// returns whether it was new, so retries and re-reads never count a flag twice.</summary>
    Task<bool> RecordAuditFlagAsync(AuditFlag flag, CancellationToken cancellationToken);

    /// <summary>Stores a ticket's closure once; returns whether it was new.</summary>
    Task<bool> RecordClosureAsync(ClosureRecord closure, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditFlag>> GetAuditFlagsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ClosureRecord>> GetClosuresAsync(CancellationToken cancellationToken);
}
