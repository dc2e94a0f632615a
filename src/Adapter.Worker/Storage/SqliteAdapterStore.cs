using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Adapter.Worker.Storage;

/// <summary>The embedded default store: one SQLite file in WAL mode, created and migrated on start.</summary>
public sealed partial class SqliteAdapterStore : IAdapterStore
{
    private const int SchemaVersion = 1;

    // Per database file, shared by every store on it in this process: one writer at a time (see
    // WriteGate) and the background WAL checkpoint (see WalCheckpointer). busy_timeout still
    // covers another process on the same file.
    private static readonly ConcurrentDictionary<string, (WriteGate Gate, WalCheckpointer Checkpointer)> Files = new(StringComparer.Ordinal);

    // Connection settings are applied once per physical connection, not on every pooled open.
    private static readonly ConditionalWeakTable<object, object> Configured = [];
    private readonly string _connectionString;
    private readonly WriteGate _writeGate;
    private readonly WalCheckpointer _checkpointer;

    public SqliteAdapterStore(string path, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
        (_writeGate, _checkpointer) = Files.GetOrAdd(full, _ =>
        {
            var gate = new WriteGate();
            return (gate, new WalCheckpointer(_connectionString, gate, logger));
        });
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS inbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                platform TEXT NOT NULL,
                ticket_id TEXT NOT NULL,
                version TEXT NOT NULL,
                source TEXT NOT NULL,
                received_at INTEGER NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending',
                attempts INTEGER NOT NULL DEFAULT 0,
                due_at INTEGER NOT NULL,
                lease_owner TEXT NULL,
                lease_until INTEGER NULL,
                last_error TEXT NULL,
                UNIQUE (platform, ticket_id, version));
            CREATE INDEX IF NOT EXISTS ix_inbox_due ON inbox (status, due_at);
            -- The claim checks each due ticket for a live lease: without this index that check
            -- scans every pending row, and a backlog makes each claim slower (quadratic).
            CREATE INDEX IF NOT EXISTS ix_inbox_ticket ON inbox (platform, ticket_id, status, lease_until);
            CREATE TABLE IF NOT EXISTS watermarks (platform TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS tickets (
                platform TEXT NOT NULL,
                ticket_id TEXT NOT NULL,
                last_version INTEGER NOT NULL,
                first_bucket TEXT NULL,
                first_group TEXT NULL,
                adapter_writes TEXT NOT NULL,
                pending_base INTEGER NULL,
                pending_write TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (platform, ticket_id));
            CREATE TABLE IF NOT EXISTS decisions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                platform TEXT NOT NULL,
                ticket_id TEXT NOT NULL,
                ticket_number TEXT NOT NULL,
                version INTEGER NOT NULL,
                bucket TEXT NOT NULL,
                secondary_bucket TEXT NULL,
                system TEXT NOT NULL,
                severity INTEGER NOT NULL,
                resolver_group TEXT NOT NULL,
                confidence REAL NOT NULL,
                needs_review INTEGER NOT NULL,
                escalation TEXT NULL,
                rules TEXT NOT NULL,
                mode TEXT NOT NULL,
                outcome TEXT NOT NULL,
                category_before TEXT NULL,
                group_before TEXT NULL,
                changed_fields TEXT NULL,
                decided_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_decisions_ticket ON decisions (platform, ticket_id);
            """, cancellationToken);
        await ExecuteAsync(connection, AuditSchema, cancellationToken);
        await ExecuteAsync(connection, "PRAGMA optimize;", cancellationToken);
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM schema_version";
        if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({SchemaVersion})", cancellationToken);
        }
    }

    public async Task<bool> EnqueueAsync(InboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var writer = await WriterAsync(cancellationToken, urgent: true);
        await using var connection = await OpenAsync(cancellationToken);
        return await InsertAsync(connection, null, item, cancellationToken);
    }

    public async Task<int> EnqueuePageAsync(string platform, IReadOnlyList<InboxItem> items, string watermark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var item in items)
        {
            added += await InsertAsync(connection, transaction, item, cancellationToken) ? 1 : 0;
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO watermarks (platform, value) VALUES ($p, $v) ON CONFLICT (platform) DO UPDATE SET value = excluded.value";
            command.Parameters.AddWithValue("$p", platform);
            command.Parameters.AddWithValue("$v", watermark);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<string?> GetWatermarkAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM watermarks WHERE platform = $p";
        command.Parameters.AddWithValue("$p", platform);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // One item per ticket at a time: a ticket with a live lease is not claimed again, and of
        // several due versions of one ticket only the oldest is taken.
        command.CommandText = """
            UPDATE inbox SET lease_owner = $owner, lease_until = $until, attempts = attempts + 1
            WHERE id IN (
                SELECT MIN(i.id) FROM inbox i
                WHERE i.status = 'pending' AND i.due_at <= $now AND (i.lease_until IS NULL OR i.lease_until < $now)
                  AND NOT EXISTS (SELECT 1 FROM inbox o WHERE o.platform = i.platform AND o.ticket_id = i.ticket_id
                                  AND o.status = 'pending' AND o.lease_until >= $now)
                GROUP BY i.platform, i.ticket_id
                ORDER BY MIN(i.id)
                LIMIT $max)
            RETURNING id, platform, ticket_id, version, source, attempts, received_at
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$until", (now + lease).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        var claimed = new List<ClaimedItem>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedItem(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Enum.Parse<IntakeSource>(reader.GetString(4)), reader.GetInt32(5),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task<IReadOnlyList<long>> RenewLeasesAsync(string owner, IReadOnlyCollection<long> ids, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE inbox SET lease_until = $until
            WHERE lease_owner = $owner AND status = 'pending' AND id IN (SELECT value FROM json_each($ids))
            RETURNING id
            """;
        command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        var held = new List<long>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add(reader.GetInt64(0));
        }

        return held;
    }

    public Task CompleteAsync(long id, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE inbox SET status = 'done', lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = $id", id, cancellationToken);

    public async Task FailAsync(long id, string reason, DateTimeOffset retryAt, bool giveUp, CancellationToken cancellationToken)
    {
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE inbox SET status = $status, due_at = $due, lease_owner = NULL, lease_until = NULL, last_error = $error WHERE id = $id";
        command.Parameters.AddWithValue("$status", giveUp ? "failed" : "pending");
        command.Parameters.AddWithValue("$due", retryAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$error", reason);
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task ReleaseAsync(long id, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE inbox SET lease_owner = NULL, lease_until = NULL, attempts = MAX(attempts - 1, 0) WHERE id = $id AND status = 'pending'", id, cancellationToken);

    public async Task<TicketState?> GetTicketAsync(string platform, string ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_version, first_bucket, first_group, adapter_writes, pending_base, pending_write FROM tickets WHERE platform = $p AND ticket_id = $t";
        command.Parameters.AddWithValue("$p", platform);
        command.Parameters.AddWithValue("$t", ticketId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TicketState(
            platform, ticketId, reader.GetInt32(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            ReadMap(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            ReadMap(reader.GetString(5)));
    }

    public async Task SaveTicketAsync(TicketState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO tickets (platform, ticket_id, last_version, first_bucket, first_group, adapter_writes, pending_base, pending_write, updated_at)
            VALUES ($p, $t, $v, $fb, $fg, $aw, $pb, $pw, $u)
            ON CONFLICT (platform, ticket_id) DO UPDATE SET
                last_version = excluded.last_version, first_bucket = excluded.first_bucket, first_group = excluded.first_group,
                adapter_writes = excluded.adapter_writes, pending_base = excluded.pending_base,
                pending_write = excluded.pending_write, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$p", state.Platform);
        command.Parameters.AddWithValue("$t", state.TicketId);
        command.Parameters.AddWithValue("$v", state.LastProcessedVersion);
        command.Parameters.AddWithValue("$fb", (object?)state.FirstBucket ?? DBNull.Value);
        command.Parameters.AddWithValue("$fg", (object?)state.FirstGroup ?? DBNull.Value);
        command.Parameters.AddWithValue("$aw", JsonSerializer.Serialize(state.AdapterWrites));
        command.Parameters.AddWithValue("$pb", (object?)state.PendingWriteBaseVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("$pw", JsonSerializer.Serialize(state.PendingWrite));
        command.Parameters.AddWithValue("$u", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO decisions (platform, ticket_id, ticket_number, version, bucket, secondary_bucket, system, severity, resolver_group,
                confidence, needs_review, escalation, rules, mode, outcome, category_before, group_before, changed_fields, decided_at)
            VALUES ($p, $t, $n, $v, $b, $sb, $s, $sev, $g, $c, $nr, $e, $r, $m, $o, $cb, $gb, $cf, $at)
            """;
        var d = decision;
        command.Parameters.AddWithValue("$p", d.Platform);
        command.Parameters.AddWithValue("$t", d.TicketId);
        command.Parameters.AddWithValue("$n", d.TicketNumber);
        command.Parameters.AddWithValue("$v", d.Version);
        command.Parameters.AddWithValue("$b", d.Bucket);
        command.Parameters.AddWithValue("$sb", (object?)d.SecondaryBucket ?? DBNull.Value);
        command.Parameters.AddWithValue("$s", d.System);
        command.Parameters.AddWithValue("$sev", d.Severity);
        command.Parameters.AddWithValue("$g", d.ResolverGroup);
        command.Parameters.AddWithValue("$c", d.Confidence);
        command.Parameters.AddWithValue("$nr", d.NeedsReview ? 1 : 0);
        command.Parameters.AddWithValue("$e", (object?)d.Escalation ?? DBNull.Value);
        command.Parameters.AddWithValue("$r", d.Rules);
        command.Parameters.AddWithValue("$m", d.Mode);
        command.Parameters.AddWithValue("$o", d.Outcome);
        command.Parameters.AddWithValue("$cb", (object?)d.CategoryBefore ?? DBNull.Value);
        command.Parameters.AddWithValue("$gb", (object?)d.GroupBefore ?? DBNull.Value);
        command.Parameters.AddWithValue("$cf", (object?)d.ChangedFields ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", d.DecidedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DecisionRecord>> GetDecisionsAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ticket_id, ticket_number, version, bucket, secondary_bucket, system, severity, resolver_group, confidence, needs_review,
                   escalation, rules, mode, outcome, category_before, group_before, changed_fields, decided_at
            FROM decisions WHERE platform = $p ORDER BY id
            """;
        command.Parameters.AddWithValue("$p", platform);
        var list = new List<DecisionRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new DecisionRecord(
                platform, r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), NullableString(r, 4), r.GetString(5),
                r.GetInt32(6), r.GetString(7), r.GetDouble(8), r.GetInt32(9) == 1, NullableString(r, 10), r.GetString(11),
                r.GetString(12), r.GetString(13), NullableString(r, 14), NullableString(r, 15), NullableString(r, 16),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(17))));
        }

        return list;
    }

    public async Task<InboxCounts> CountInboxAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(status = 'pending'), 0), COALESCE(SUM(status = 'done'), 0), COALESCE(SUM(status = 'failed'), 0) FROM inbox";
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new InboxCounts(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2));
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static Dictionary<string, string> ReadMap(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    private static async Task<bool> InsertAsync(SqliteConnection connection, SqliteTransaction? transaction, InboxItem item, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO inbox (platform, ticket_id, version, source, received_at, due_at)
            VALUES ($p, $t, $v, $s, $r, $r)
            ON CONFLICT (platform, ticket_id, version) DO NOTHING
            """;
        command.Parameters.AddWithValue("$p", item.Platform);
        command.Parameters.AddWithValue("$t", item.TicketId);
        command.Parameters.AddWithValue("$v", item.Version);
        command.Parameters.AddWithValue("$s", item.Source.ToString());
        command.Parameters.AddWithValue("$r", item.ReceivedAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task UpdateAsync(string sql, long id, CancellationToken cancellationToken)
    {
        await using var writer = await WriterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Waits for this file's write turn; disposing the result gives it up. Declared before
    /// the connection, so the connection (and its transaction) is disposed first.</summary>
    private Task<WriteGate.Turn> WriterAsync(CancellationToken cancellationToken, bool urgent = false) =>
        _writeGate.EnterAsync(urgent, _checkpointer.Committed, cancellationToken);

    /// <summary>Runs one WAL checkpoint now, in a write turn (tests use it to read the WAL size in frames).</summary>
    internal Task<(int WalFrames, int Checkpointed)> CheckpointAsync(CancellationToken cancellationToken) =>
        _checkpointer.CheckpointNowAsync(cancellationToken);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (Configured.TryGetValue(connection.Handle!, out _))
        {
            return connection;
        }

        await using var pragma = connection.CreateCommand();
        // cache_size: each pooled connection keeps its own page cache (2 MB by default); a dozen
        // of them held the same inbox pages many times over. 512 KiB each, and the OS file cache
        // behind them.
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -512;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        Configured.AddOrUpdate(connection.Handle!, connection.Handle!);
        return connection;
    }
}
