using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Adapter.Worker.Storage;

/// <summary>The scale-out store: one PostgreSQL database shared by every replica, migrated on start
/// (<see cref="PostgresMigrations"/>). Same semantics as <see cref="SqliteAdapterStore"/>; what it
/// adds is that claims are safe between processes: rows are taken with <c>FOR UPDATE SKIP
/// LOCKED</c>, and each ticket is held with a transaction-scoped advisory lock while its lease is
/// written, so no two workers hold the same item, nor two items of one ticket, at once.</summary>
public sealed partial class PostgresAdapterStore : IAdapterStore, IAsyncDisposable, IDisposable
{
    /// <summary>First key of the per-ticket advisory locks taken while claiming (the second is a
    /// hash of platform and ticket id). The two-key space never meets the migration lock's.</summary>
    private const int TicketLockSpace = 0x61_64_70_74;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresAdapterStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "triage-adapter";
        }

        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken) =>
        await PostgresMigrations.ApplyAsync(_dataSource, cancellationToken);

    public async Task<bool> EnqueueAsync(InboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await InsertAsync(connection, null, [item], cancellationToken) == 1;
    }

    public async Task<int> EnqueuePageAsync(string platform, IReadOnlyList<InboxItem> items, string watermark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await InsertAsync(connection, transaction, items, cancellationToken);
        await using (var command = new NpgsqlCommand(
            "INSERT INTO watermarks (platform, value) VALUES ($1, $2) ON CONFLICT (platform) DO UPDATE SET value = excluded.value",
            connection,
            transaction))
        {
            command.Parameters.Add(Text(platform));
            command.Parameters.Add(Text(watermark));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The watermark commits with the items or not at all: it never passes an unqueued ticket.
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<string?> GetWatermarkAsync(string platform, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT value FROM watermarks WHERE platform = $1");
        command.Parameters.Add(Text(platform));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Due items a claim looks at per item it asks for (see <see cref="ClaimAsync"/>).</summary>
    private const int ClaimWindow = 16;

    public async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // 1. Candidates: due, unleased (or lease lapsed), the oldest such item of its ticket, and no
        //    live lease on any item of that ticket. Rows another claimer is taking are skipped.
        //    The work is bounded: only the oldest due items (a window of ClaimWindow per item asked
        //    for) are looked at, and "the oldest of its ticket" is decided inside that window (an
        //    older due version of a ticket has a smaller id, so it is in the window too). The first
        //    form, anti-joins over every pending item, was planned as nested loops while the table's
        //    statistics still said the inbox was nearly empty: at 400 webhooks/s each claim took
        //    0.4-2.3 s and triage fell to 8-9 tickets/s (bench/README.md).
        var candidates = new List<(long Id, int TicketKey)>();
        await using (var select = new NpgsqlCommand(
            """
            WITH due AS (
                SELECT id, platform, ticket_id FROM inbox
                WHERE status = 'pending' AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
                ORDER BY id
                LIMIT $3),
            leased AS (
                SELECT DISTINCT platform, ticket_id FROM inbox
                WHERE status = 'pending' AND lease_until >= $1),
            oldest AS (
                SELECT MIN(d.id) AS id FROM due d
                WHERE NOT EXISTS (SELECT 1 FROM leased l WHERE l.platform = d.platform AND l.ticket_id = d.ticket_id)
                GROUP BY d.platform, d.ticket_id)
            SELECT i.id, hashtext(i.platform || '/' || i.ticket_id)
            FROM inbox i
            WHERE i.id IN (SELECT id FROM oldest)
            ORDER BY i.id
            LIMIT $2
            FOR UPDATE OF i SKIP LOCKED
            """,
            connection,
            transaction))
        {
            select.Parameters.Add(Time(now));
            select.Parameters.Add(new NpgsqlParameter { Value = max });
            select.Parameters.Add(new NpgsqlParameter { Value = Math.Max(max * ClaimWindow, 64) });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        // 2. Hold each candidate's ticket until commit. A claimer that holds it already is taking
        //    another item of the same ticket: leave the ticket to it this round.
        var tickets = candidates.Select(c => c.TicketKey).Distinct().ToArray();
        var held = new HashSet<int>();
        await using (var lockTickets = new NpgsqlCommand("SELECT k FROM unnest($1::integer[]) AS k WHERE pg_try_advisory_xact_lock($2, k)", connection, transaction))
        {
            lockTickets.Parameters.Add(new NpgsqlParameter { Value = tickets });
            lockTickets.Parameters.Add(new NpgsqlParameter { Value = TicketLockSpace });
            await using var reader = await lockTickets.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                held.Add(reader.GetInt32(0));
            }
        }

        var ids = candidates.Where(c => held.Contains(c.TicketKey)).GroupBy(c => c.TicketKey).Select(g => g.Min(c => c.Id)).ToArray();

        // 3. A fresh snapshot, taken after the ticket locks: a lease that a claimer holding one of
        //    them committed is visible now, so the ticket is checked once more before leasing.
        var claimed = new List<ClaimedItem>(ids.Length);
        await using (var update = new NpgsqlCommand(
            """
            UPDATE inbox i SET lease_owner = $1, lease_until = $2, attempts = i.attempts + 1
            WHERE i.id = ANY($3) AND i.status = 'pending' AND i.due_at <= $4 AND (i.lease_until IS NULL OR i.lease_until < $4)
              AND NOT EXISTS (SELECT 1 FROM inbox o WHERE o.platform = i.platform AND o.ticket_id = i.ticket_id
                              AND o.id <> i.id AND o.status = 'pending' AND o.lease_until >= $4)
            RETURNING i.id, i.platform, i.ticket_id, i.version, i.source, i.attempts, i.received_at
            """,
            connection,
            transaction))
        {
            update.Parameters.Add(Text(owner));
            update.Parameters.Add(Time(now + lease));
            update.Parameters.Add(new NpgsqlParameter { Value = ids });
            update.Parameters.Add(Time(now));
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedItem(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Enum.Parse<IntakeSource>(reader.GetString(4)), reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    public async Task<IReadOnlyList<long>> RenewLeasesAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = _dataSource.CreateCommand(
            "UPDATE inbox SET lease_until = $1 WHERE id = ANY($2) AND lease_owner = $3 AND status = 'pending' RETURNING id");
        command.Parameters.Add(Time(until));
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(Text(owner));
        var held = new List<long>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add(reader.GetInt64(0));
        }

        return held;
    }

    public Task CompleteAsync(long id, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE inbox SET status = 'done', lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = $1", id, cancellationToken);

    public async Task FailAsync(long id, string reason, DateTimeOffset retryAt, bool giveUp, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE inbox SET status = $1, due_at = $2, lease_owner = NULL, lease_until = NULL, last_error = $3 WHERE id = $4");
        command.Parameters.Add(Text(giveUp ? "failed" : "pending"));
        command.Parameters.Add(Time(retryAt));
        command.Parameters.Add(Text(reason));
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task ReleaseAsync(long id, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE inbox SET lease_owner = NULL, lease_until = NULL, attempts = GREATEST(attempts - 1, 0) WHERE id = $1 AND status = 'pending'", id, cancellationToken);

    public async Task<TicketState?> GetTicketAsync(string platform, string ticketId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT last_version, first_bucket, first_group, adapter_writes::text, pending_base, pending_write::text FROM tickets WHERE platform = $1 AND ticket_id = $2");
        command.Parameters.Add(Text(platform));
        command.Parameters.Add(Text(ticketId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TicketState(
            platform, ticketId, reader.GetInt32(0),
            NullableString(reader, 1),
            NullableString(reader, 2),
            ReadMap(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            ReadMap(reader.GetString(5)));
    }

    public async Task SaveTicketAsync(TicketState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO tickets (platform, ticket_id, last_version, first_bucket, first_group, adapter_writes, pending_base, pending_write, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (platform, ticket_id) DO UPDATE SET
                last_version = excluded.last_version, first_bucket = excluded.first_bucket, first_group = excluded.first_group,
                adapter_writes = excluded.adapter_writes, pending_base = excluded.pending_base,
                pending_write = excluded.pending_write, updated_at = excluded.updated_at
            """);
        command.Parameters.Add(Text(state.Platform));
        command.Parameters.Add(Text(state.TicketId));
        command.Parameters.Add(new NpgsqlParameter { Value = state.LastProcessedVersion });
        command.Parameters.Add(Text(state.FirstBucket));
        command.Parameters.Add(Text(state.FirstGroup));
        command.Parameters.Add(Json(state.AdapterWrites));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)state.PendingWriteBaseVersion ?? DBNull.Value });
        command.Parameters.Add(Json(state.PendingWrite));
        command.Parameters.Add(Time(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO decisions (platform, ticket_id, ticket_number, version, bucket, secondary_bucket, system, severity, resolver_group,
                confidence, needs_review, escalation, rules, mode, outcome, category_before, group_before, changed_fields, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            """);
        var d = decision;
        command.Parameters.Add(Text(d.Platform));
        command.Parameters.Add(Text(d.TicketId));
        command.Parameters.Add(Text(d.TicketNumber));
        command.Parameters.Add(new NpgsqlParameter { Value = d.Version });
        command.Parameters.Add(Text(d.Bucket));
        command.Parameters.Add(Text(d.SecondaryBucket));
        command.Parameters.Add(Text(d.System));
        command.Parameters.Add(new NpgsqlParameter { Value = d.Severity });
        command.Parameters.Add(Text(d.ResolverGroup));
        command.Parameters.Add(new NpgsqlParameter { Value = d.Confidence });
        command.Parameters.Add(new NpgsqlParameter { Value = d.NeedsReview });
        command.Parameters.Add(Text(d.Escalation));
        command.Parameters.Add(Text(d.Rules));
        command.Parameters.Add(Text(d.Mode));
        command.Parameters.Add(Text(d.Outcome));
        command.Parameters.Add(Text(d.CategoryBefore));
        command.Parameters.Add(Text(d.GroupBefore));
        command.Parameters.Add(Text(d.ChangedFields));
        command.Parameters.Add(Time(d.DecidedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(string platform, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT ticket_id, ticket_number, version, bucket, secondary_bucket, system, severity, resolver_group, confidence, needs_review,
                   escalation, rules, mode, outcome, category_before, group_before, changed_fields, decided_at
            FROM decisions WHERE platform = $1 ORDER BY id
            """);
        command.Parameters.Add(Text(platform));
        var list = new List<DecisionRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new DecisionRecord(
                platform, r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), NullableString(r, 4), r.GetString(5),
                r.GetInt32(6), r.GetString(7), r.GetDouble(8), r.GetBoolean(9), NullableString(r, 10), r.GetString(11),
                r.GetString(12), r.GetString(13), NullableString(r, 14), NullableString(r, 15), NullableString(r, 16),
                r.GetFieldValue<DateTimeOffset>(17)));
        }

        return list;
    }

    public async Task<InboxCounts> CountInboxAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT count(*) FILTER (WHERE status = 'pending')::integer, count(*) FILTER (WHERE status = 'done')::integer,
                   count(*) FILTER (WHERE status = 'failed')::integer
            FROM inbox
            """);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new InboxCounts(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2));
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private static async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<InboxItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        // One statement for the page: rows already queued (same ticket version) are left alone.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO inbox (platform, ticket_id, version, source, received_at, due_at)
            SELECT p, t, v, s, r, r FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS u(p, t, v, s, r)
            ON CONFLICT (platform, ticket_id, version) DO NOTHING
            """,
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = items.Select(i => i.Platform).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = items.Select(i => i.TicketId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = items.Select(i => i.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = items.Select(i => i.Source.ToString()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = items.Select(i => i.ReceivedAt.ToUniversalTime()).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task UpdateAsync(string sql, long id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    /// <summary>timestamptz takes UTC only; every instant is stored as such.</summary>
    private static NpgsqlParameter Time(DateTimeOffset value) => new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value.ToUniversalTime() };

    private static NpgsqlParameter Json(IReadOnlyDictionary<string, string> map) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(map) };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static Dictionary<string, string> ReadMap(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
