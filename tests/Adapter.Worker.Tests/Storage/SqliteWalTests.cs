using Adapter.Worker.Storage;

namespace Adapter.Worker.Tests.Storage;

/// <summary>The SQLite store checkpoints its WAL in the background (automatic checkpoints are off on
/// its connections, so that no commit waits for the disk): the WAL must still stay bounded.</summary>
public sealed class SqliteWalTests
{
    [Fact]
    public async Task ManyWrites_WalIsCheckpointedInTheBackgroundAndStaysBounded()
    {
        var folder = Directory.CreateTempSubdirectory("adapter-wal-");
        try
        {
            var path = Path.Combine(folder.FullName, "adapter.db");
            var store = new SqliteAdapterStore(path);
            await store.MigrateAsync(CancellationToken.None);
            const int writes = 3000;
            for (var i = 0; i < writes; i++)
            {
                if (i % 20 == 0)
                {
                    // Paced like arriving webhooks, not one synchronous burst: the background
                    // checkpoint needs a thread-pool thread to run on.
                    await Task.Delay(1);
                }

                await store.EnqueueAsync(new InboxItem("servicenow", $"{i:x32}", "updated:2026-12-04 10:00:00", IntakeSource.Webhook, DateTimeOffset.UnixEpoch), CancellationToken.None);
            }

            // Without checkpoints every commit appends at least one 4 KiB page to the WAL.
            var walBytes = new FileInfo(path + "-wal").Length;
            Assert.True(walBytes < writes * 4096L / 2, $"WAL is {walBytes} bytes after {writes} commits: it was not checkpointed");
            var (frames, checkpointed) = await store.CheckpointAsync(CancellationToken.None);
            Assert.Equal(frames, checkpointed);
            Assert.Equal(new InboxCounts(writes, 0, 0), await store.CountInboxAsync(CancellationToken.None));
        }
        finally
        {
            // A background checkpoint may still be reopening the file: clean-up is best effort.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await Task.Delay(200);
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }
}
