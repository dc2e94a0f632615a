using Adapter.Core.Audit;
using Adapter.Core.Classification;
using Adapter.Worker.Hosting;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Processing;

/// <summary>What every platform's audit does with its findings: stores a flag once, counts it and
/// logs it (ids, labels and rule ids, never ticket text); keeps a ticket's first decision and the
/// groups seen on it; and records its closure once, with the misrouted flag when the rule says so.</summary>
internal sealed partial class AuditRecorder(
    IAdapterStore store,
    IOptionsMonitor<AuditOptions> audit,
    AdapterMetrics metrics,
    ILogger<AuditRecorder> logger)
{
    public async Task FlagAsync(AuditFlag flag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (await store.RecordAuditFlagAsync(flag, cancellationToken))
        {
            metrics.AuditFlag(flag.Platform, flag.Kind.ToWire());
            LogFlagged(logger, flag.Platform, flag.TicketNumber, flag.Kind.ToWire(), flag.Field, flag.Rules);
        }
    }

    /// <summary>Remembers the first decision (with the ticket's creation time and the reassignment
    /// baseline, both only on the first call) and when each group was first seen on the ticket.</summary>
    public async Task TrackAsync(
        AuditSubject subject, DateTimeOffset createdAt, TriageDecision decision, int reassignmentBaseline, IEnumerable<KeyValuePair<string, DateTimeOffset>> seen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var ticket = await store.GetAuditTicketAsync(subject.Platform, subject.TicketId, cancellationToken)
            ?? new AuditTicket(subject.Platform, subject.TicketId, subject.TicketNumber, createdAt, AuditSubject.First(decision, now), reassignmentBaseline,
                new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal), Closed: false);
        await store.SaveAuditTicketAsync(ticket with { GroupsSeen = Merge(ticket.GroupsSeen, seen) }, cancellationToken);
    }

    /// <summary>The audit's memory of a ticket the adapter decided and that has not closed yet, else null.</summary>
    public async Task<AuditTicket?> OpenTicketAsync(AuditSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var ticket = await store.GetAuditTicketAsync(subject.Platform, subject.TicketId, cancellationToken);
        return ticket is { Closed: false } ? ticket : null;
    }

    /// <summary>The closure check, once per ticket: records the closure, the misrouted flag when the
    /// rule says so, and marks the ticket closed.</summary>
    /// <param name="seen">Groups the platform can date better than the adapter's own visits (a changelog).</param>
    public async Task CloseAsync(AuditTicket ticket, TicketFinal final, IEnumerable<KeyValuePair<string, DateTimeOffset>> seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(final);
        var groups = Merge(ticket.GroupsSeen, seen);
        var subject = new AuditSubject(ticket.Platform, ticket.TicketId, ticket.TicketNumber);
        var (closure, misrouted) = ClosureAudit.Close(subject, ticket.CreatedAt, ticket.First, groups, final, audit.CurrentValue.MaxReassignments);
        await store.RecordClosureAsync(closure, cancellationToken);
        if (misrouted is not null)
        {
            await FlagAsync(misrouted, cancellationToken);
        }

        await store.SaveAuditTicketAsync(ticket with { GroupsSeen = groups, Closed = true }, cancellationToken);
        LogClosed(logger, ticket.Platform, ticket.TicketNumber, closure.Misrouted, closure.ReassignmentCount);
    }

    /// <summary>Group → the earliest time it was seen, over both.</summary>
    private static Dictionary<string, DateTimeOffset> Merge(IReadOnlyDictionary<string, DateTimeOffset> known, IEnumerable<KeyValuePair<string, DateTimeOffset>> more)
    {
        var merged = new Dictionary<string, DateTimeOffset>(known, StringComparer.Ordinal);
        foreach (var (group, at) in more)
        {
            if (group.Length > 0 && (!merged.TryGetValue(group, out var earlier) || at < earlier))
            {
                merged[group] = at;
            }
        }

        return merged;
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "{Platform} ticket {Number} flagged {Kind} (field {Field}; rules {Rules})")]
    private static partial void LogFlagged(ILogger logger, string platform, string number, string kind, string field, string rules);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "{Platform} ticket {Number} closed: misrouted {Misrouted}, {Reassignments} reassignment(s) after routing")]
    private static partial void LogClosed(ILogger logger, string platform, string number, bool misrouted, int reassignments);
}
