using Microsoft.Data.Sqlite;

namespace Adapter.Worker.Storage;

/// <summary>Moves the WAL's pages into the database file in small steps, between writes. SQLite's
/// automatic checkpoint runs inside the commit that crosses its threshold (1,000 pages, about
/// 180 of the store's commits) and copies them all while that writer holds the write lock: several
/// times a second under load one write, often a webhook's inbox insert, waited for the copy.
/// Connections here turn the automatic checkpoint off; after every <see cref="WritesPerCheckpoint"/>
/// commits a background task takes a normal write turn (a webhook's insert still goes first) and
/// runs a checkpoint of the few hundred pages written since the last. With nothing left to copy,
/// the next writer starts the WAL file over, so it stays bounded.
/// (A passive checkpoint outside the write turn was tried: with writers committing continuously
/// it waited on SQLITE_BUSY until the writes stopped.)</summary>
internal sealed partial class WalCheckpointer(string connectionString, WriteGate gate, ILogger? logger = null)
{
    public const int WritesPerCheckpoint = 40;
    private int _writes;
    private int _running;

    /// <summary>Counts a committed write; starts a checkpoint when enough have accumulated and none is running.</summary>
    public void Committed()
    {
        if (Interlocked.Increment(ref _writes) < WritesPerCheckpoint || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _writes, 0);
        _ = Task.Run(CheckpointAsync);
    }

    /// <summary>One checkpoint now, in a write turn; returns the WAL's frames and those checkpointed.</summary>
    public async Task<(int WalFrames, int Checkpointed)> CheckpointNowAsync(CancellationToken cancellationToken)
    {
        await using var turn = await gate.EnterAsync(urgent: false, static () => { }, cancellationToken);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var timeout = connection.CreateCommand())
        {
            timeout.CommandText = "PRAGMA busy_timeout = 10000;";
            await timeout.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(1), reader.GetInt32(2));
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await CheckpointNowAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            // The next threshold tries again; until then the WAL only grows.
            if (logger is not null)
            {
                LogCheckpointFailed(logger, ex.Message);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "SQLite WAL checkpoint failed; retrying after more writes: {Reason}")]
    private static partial void LogCheckpointFailed(ILogger logger, string reason);
}
