using Adapter.Core.Audit;

namespace Adapter.Worker.Storage;

/// <summary>The audit tables: per-ticket audit state, flags and closures. Plain SQL (TEXT,
/// INTEGER, REAL; times as Unix milliseconds; ON CONFLICT DO NOTHING) that ports as is.</summary>
public sealed partial class SqliteAdapterStore
{
    private const string AuditSchema = """
        CREATE TABLE IF NOT EXISTS audit_tickets (
            platform TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            ticket_number TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            first_bucket TEXT NOT NULL,
            first_system TEXT NOT NULL,
            first_severity INTEGER NOT NULL,
            first_group TEXT NOT NULL,
            first_escalation TEXT NULL,
            first_rules TEXT NOT NULL,
            first_decided_at INTEGER NOT NULL,
            reassignment_baseline INTEGER NOT NULL,
            groups_seen TEXT NOT NULL,
            closed INTEGER NOT NULL,
            PRIMARY KEY (platform, ticket_id));
        CREATE TABLE IF NOT EXISTS audit_flags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            platform TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            ticket_number TEXT NOT NULL,
            kind TEXT NOT NULL,
            field TEXT NOT NULL,
            from_value TEXT NOT NULL,
            to_value TEXT NOT NULL,
            bucket TEXT NOT NULL,
            resolver_group TEXT NOT NULL,
            rules TEXT NOT NULL,
            flagged_at INTEGER NOT NULL,
            UNIQUE (platform, ticket_id, kind, field, to_value));
        CREATE TABLE IF NOT EXISTS audit_closures (
            platform TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            ticket_number TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            closed_at INTEGER NOT NULL,
            first_bucket TEXT NOT NULL,
            first_system TEXT NOT NULL,
            first_severity INTEGER NOT NULL,
            first_group TEXT NOT NULL,
            first_escalation TEXT NULL,
            first_rules TEXT NOT NULL,
            first_decided_at INTEGER NOT NULL,
            final_category TEXT NOT NULL,
            final_bucket TEXT NULL,
            final_group TEXT NOT NULL,
            final_severity INTEGER NULL,
            reassignment_count INTEGER NOT NULL,
            first_correct_at INTEGER NULL,
            misrouted INTEGER NOT NULL,
            PRIMARY KEY (platform, ticket_id));
        CREATE INDEX IF NOT EXISTS ix_audit_closures_closed ON audit_closures (closed_at);
        """;

    public async Task<AuditTicket?> GetAuditTicketAsync(string platform, string ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditRows.TicketColumns} FROM audit_tickets WHERE platform = $p AND ticket_id = $t";
        command.Parameters.AddWithValue("$p", platform);
        command.Parameters.AddWithValue("$t", ticketId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        return AuditRows.Ticket(r, platform, ticketId);
    }

    public async Task SaveAuditTicketAsync(AuditTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_tickets (platform, ticket_id, ticket_number, created_at, first_bucket, first_system, first_severity, first_group,
                first_escalation, first_rules, first_decided_at, reassignment_baseline, groups_seen, closed)
            VALUES ($p, $t, $n, $c, $fb, $fs, $fsev, $fg, $fe, $fr, $fd, $rb, $gs, $cl)
            ON CONFLICT (platform, ticket_id) DO UPDATE SET
                reassignment_baseline = excluded.reassignment_baseline, groups_seen = excluded.groups_seen, closed = excluded.closed
            """;
        var f = ticket.First;
        command.Parameters.AddWithValue("$p", ticket.Platform);
        command.Parameters.AddWithValue("$t", ticket.TicketId);
        command.Parameters.AddWithValue("$n", ticket.TicketNumber);
        command.Parameters.AddWithValue("$c", ticket.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$fb", f.Bucket);
        command.Parameters.AddWithValue("$fs", f.System);
        command.Parameters.AddWithValue("$fsev", f.Severity);
        command.Parameters.AddWithValue("$fg", f.ResolverGroup);
        command.Parameters.AddWithValue("$fe", (object?)f.Escalation ?? DBNull.Value);
        command.Parameters.AddWithValue("$fr", f.Rules);
        command.Parameters.AddWithValue("$fd", f.DecidedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$rb", ticket.ReassignmentBaseline);
        command.Parameters.AddWithValue("$gs", AuditRows.GroupsSeen(ticket));
        command.Parameters.AddWithValue("$cl", ticket.Closed ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RecordAuditFlagAsync(AuditFlag flag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flag);
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_flags (platform, ticket_id, ticket_number, kind, field, from_value, to_value, bucket, resolver_group, rules, flagged_at)
            VALUES ($p, $t, $n, $k, $f, $fv, $tv, $b, $g, $r, $at)
            ON CONFLICT (platform, ticket_id, kind, field, to_value) DO NOTHING
            """;
        command.Parameters.AddWithValue("$p", flag.Platform);
        command.Parameters.AddWithValue("$t", flag.TicketId);
        command.Parameters.AddWithValue("$n", flag.TicketNumber);
        command.Parameters.AddWithValue("$k", flag.Kind.ToWire());
        command.Parameters.AddWithValue("$f", flag.Field);
        command.Parameters.AddWithValue("$fv", flag.FromValue);
        command.Parameters.AddWithValue("$tv", flag.ToValue);
        command.Parameters.AddWithValue("$b", flag.Bucket);
        command.Parameters.AddWithValue("$g", flag.ResolverGroup);
        command.Parameters.AddWithValue("$r", flag.Rules);
        command.Parameters.AddWithValue("$at", flag.At.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RecordClosureAsync(ClosureRecord closure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closure);
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_closures (platform, ticket_id, ticket_number, created_at, closed_at, first_bucket, first_system, first_severity,
                first_group, first_escalation, first_rules, first_decided_at, final_category, final_bucket, final_group, final_severity,
                reassignment_count, first_correct_at, misrouted)
            VALUES ($p, $t, $n, $c, $cl, $fb, $fs, $fsev, $fg, $fe, $fr, $fd, $fc, $fnb, $fng, $fnsev, $rc, $fca, $m)
            ON CONFLICT (platform, ticket_id) DO NOTHING
            """;
        var c = closure;
        var f = c.First;
        command.Parameters.AddWithValue("$p", c.Platform);
        command.Parameters.AddWithValue("$t", c.TicketId);
        command.Parameters.AddWithValue("$n", c.TicketNumber);
        command.Parameters.AddWithValue("$c", c.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$cl", c.ClosedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$fb", f.Bucket);
        command.Parameters.AddWithValue("$fs", f.System);
        command.Parameters.AddWithValue("$fsev", f.Severity);
        command.Parameters.AddWithValue("$fg", f.ResolverGroup);
        command.Parameters.AddWithValue("$fe", (object?)f.Escalation ?? DBNull.Value);
        command.Parameters.AddWithValue("$fr", f.Rules);
        command.Parameters.AddWithValue("$fd", f.DecidedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$fc", c.FinalCategory);
        command.Parameters.AddWithValue("$fnb", (object?)c.FinalBucket ?? DBNull.Value);
        command.Parameters.AddWithValue("$fng", c.FinalGroup);
        command.Parameters.AddWithValue("$fnsev", (object?)c.FinalSeverity ?? DBNull.Value);
        command.Parameters.AddWithValue("$rc", c.ReassignmentCount);
        command.Parameters.AddWithValue("$fca", (object?)c.FirstCorrectAssignmentAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$m", c.Misrouted ? 1 : 0);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<AuditFlag>> GetAuditFlagsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditRows.FlagColumns} FROM audit_flags ORDER BY id";
        var list = new List<AuditFlag>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            if (AuditRows.Flag(r) is { } flag)
            {
                list.Add(flag);
            }
        }

        return list;
    }

    public async Task<IReadOnlyList<ClosureRecord>> GetClosuresAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditRows.ClosureColumns} FROM audit_closures ORDER BY closed_at, ticket_id";
        var list = new List<ClosureRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(AuditRows.Closure(r));
        }

        return list;
    }


}
