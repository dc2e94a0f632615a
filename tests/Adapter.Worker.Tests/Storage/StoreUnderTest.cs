using Adapter.Worker.Storage;
using Microsoft.Data.Sqlite;

namespace Adapter.Worker.Tests.Storage;

/// <summary>A migrated, empty store of either kind in a place of its own (a temporary SQLite file
/// or a fresh PostgreSQL database), removed on dispose. <see cref="OpenReplica"/> opens a second
/// store on the same data, as another replica would.</summary>
internal sealed class StoreUnderTest : IAsyncDisposable
{
    private readonly List<IAdapterStore> _opened = [];
    private readonly DirectoryInfo? _folder;
    private readonly TestDatabase? _database;

    private StoreUnderTest(StoreKind kind, DirectoryInfo? folder, TestDatabase? database)
    {
        Kind = kind;
        _folder = folder;
        _database = database;
        Store = OpenReplica();
    }

    public StoreKind Kind { get; }

    public IAdapterStore Store { get; }

    public TestDatabase? Database => _database;

    public static async Task<StoreUnderTest> CreateAsync(StoreKind kind)
    {
        var store = kind == StoreKind.Postgres
            ? new StoreUnderTest(kind, null, await TestPostgres.CreateDatabaseAsync())
            : new StoreUnderTest(kind, Directory.CreateTempSubdirectory("adapter-store-"), null);
        await store.Store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public IAdapterStore OpenReplica()
    {
        IAdapterStore store = Kind == StoreKind.Postgres
            ? new PostgresAdapterStore(_database!.ConnectionString)
            : new SqliteAdapterStore(Path.Combine(_folder!.FullName, "adapter.db"));
        _opened.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened.OfType<IAsyncDisposable>())
        {
            await store.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                _folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans its temporary folder.
            }
        }
    }
}
