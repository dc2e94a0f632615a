using Npgsql;

namespace Adapter.Worker.Tests.Storage;

/// <summary>PostgreSQL for tests. <c>ADAPTER_TEST_POSTGRES</c> names a server (an Npgsql
/// connection string, as <c>.ci/postgres.sh</c> exports it); every test gets a database of its own
/// on it, dropped afterwards. Outside CI with no server named, PostgreSQL tests are reported as
/// skipped; in CI (<c>CI=true</c>) they always run, and fail when there is no server.</summary>
internal static class TestPostgres
{
    public const string Variable = "ADAPTER_TEST_POSTGRES";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason => ServerConnectionString is null && !InCi
        ? $"needs PostgreSQL: {Variable} is not set (CI sets it; locally: source .ci/postgres.sh && pg_start)"
        : null;

    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var server = ServerConnectionString
            ?? throw new InvalidOperationException($"{Variable} is not set and CI=true: the PostgreSQL tests must run in CI. .ci/run starts the machine's PostgreSQL and sets it.");
        var name = "adapter_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }
}

/// <summary>A database of one test's own, dropped (with any connection still open) on dispose.</summary>
internal sealed class TestDatabase(string server, string name, string connectionString) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // FORCE ends whatever a worker process or a store under test left connected.
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
