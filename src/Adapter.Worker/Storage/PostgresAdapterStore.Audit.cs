using Npgsql;
using Adapter.Core.Audit;

namespace Adapter.Worker.Storage;

/// <summary>The audit tables on PostgreSQL (migration 0003): the same SQL and record mapping as
/// the SQLite store, with positional parameters.</summary>
public sealed partial class PostgresAdapterStore
{
    public async Task<AuditTicket?> GetAuditTicketAsync(string platform, string ticketId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand();
        command.CommandText = $"SELECT {AuditRows.TicketColumns} FROM audit_tickets WHERE platform = $1 AND ticket_id = $2";
        command.Parameters.Add(Value(platform));
        command.Parameters.Add(Value(ticketId));
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
        await using var command = _dataSource.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_tickets (platform, ticket_id, ticket_number, created_at, first_bucket, first_system, first_severity, first_group,
                first_escalation, first_rules, first_decided_at, reassignment_baseline, groups_seen, closed)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (platform, ticket_id) DO UPDATE SET
                reassignment_baseline = excluded.reassignment_baseline, groups_seen = excluded.groups_seen, closed = excluded.closed
            """;
        var f = ticket.First;
        command.Parameters.Add(Value(ticket.Platform));
        command.Parameters.Add(Value(ticket.TicketId));
        command.Parameters.Add(Value(ticket.TicketNumber));
        command.Parameters.Add(Value(ticket.CreatedAt.ToUnixTimeMilliseconds()));
        command.Parameters.Add(Value(f.Bucket));
        command.Parameters.Add(Value(f.System));
        command.Parameters.Add(Value(f.Severity));
        command.Parameters.Add(Value(f.ResolverGroup));
        command.Parameters.Add(Value((object?)f.Escalation ?? DBNull.Value));
        command.Parameters.Add(Value(f.Rules));
        command.Parameters.Add(Value(f.DecidedAt.ToUnixTimeMilliseconds()));
        command.Parameters.Add(Value(ticket.ReassignmentBaseline));
        command.Parameters.Add(Value(AuditRows.GroupsSeen(ticket)));
        command.Parameters.Add(Value(ticket.Closed ? 1 : 0));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RecordAuditFlagAsync(AuditFlag flag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flag);
        await using var command = _dataSource.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_flags (platform, ticket_id, ticket_number, kind, field, from_value, to_value, bucket, resolver_group, rules, flagged_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (platform, ticket_id, kind, field, to_value) DO NOTHING
            """;
        command.Parameters.Add(Value(flag.Platform));
        command.Parameters.Add(Value(flag.TicketId));
        command.Parameters.Add(Value(flag.TicketNumber));
        command.Parameters.Add(Value(flag.Kind.ToWire()));
        command.Parameters.Add(Value(flag.Field));
        command.Parameters.Add(Value(flag.FromValue));
        command.Parameters.Add(Value(flag.ToValue));
        command.Parameters.Add(Value(flag.Bucket));
        command.Parameters.Add(Value(flag.ResolverGroup));
        command.Parameters.Add(Value(flag.Rules));
        command.Parameters.Add(Value(flag.At.ToUnixTimeMilliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RecordClosureAsync(ClosureRecord closure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closure);
        await using var command = _dataSource.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_closures (platform, ticket_id, ticket_number, created_at, closed_at, first_bucket, first_system, first_severity,
                first_group, first_escalation, first_rules, first_decided_at, final_category, final_bucket, final_group, final_severity,
                reassignment_count, first_correct_at, misrouted)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            ON CONFLICT (platform, ticket_id) DO NOTHING
            """;
        var c = closure;
        var f = c.First;
        command.Parameters.Add(Value(c.Platform));
        command.Parameters.Add(Value(c.TicketId));
        command.Parameters.Add(Value(c.TicketNumber));
        command.Parameters.Add(Value(c.CreatedAt.ToUnixTimeMilliseconds()));
        command.Parameters.Add(Value(c.ClosedAt.ToUnixTimeMilliseconds()));
        command.Parameters.Add(Value(f.Bucket));
        command.Parameters.Add(Value(f.System));
        command.Parameters.Add(Value(f.Severity));
        command.Parameters.Add(Value(f.ResolverGroup));
        command.Parameters.Add(Value((object?)f.Escalation ?? DBNull.Value));
        command.Parameters.Add(Value(f.Rules));
        command.Parameters.Add(Value(f.DecidedAt.ToUnixTimeMilliseconds()));
        command.Parameters.Add(Value(c.FinalCategory));
        command.Parameters.Add(Value((object?)c.FinalBucket ?? DBNull.Value));
        command.Parameters.Add(Value(c.FinalGroup));
        command.Parameters.Add(Value((object?)c.FinalSeverity ?? DBNull.Value));
        command.Parameters.Add(Value(c.ReassignmentCount));
        command.Parameters.Add(Value((object?)c.FirstCorrectAssignmentAt?.ToUnixTimeMilliseconds() ?? DBNull.Value));
        command.Parameters.Add(Value(c.Misrouted ? 1 : 0));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<AuditFlag>> GetAuditFlagsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand();
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
        await using var command = _dataSource.CreateCommand();
        command.CommandText = $"SELECT {AuditRows.ClosureColumns} FROM audit_closures ORDER BY closed_at, ticket_id";
        var list = new List<ClosureRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(AuditRows.Closure(r));
        }

        return list;
    }


    private static NpgsqlParameter Value(object value) => new() { Value = value };

}
