using Npgsql;

namespace Adapter.PipelineBench;

/// <summary>An empty database for each PostgreSQL run on the server of <c>ADAPTER_BENCH_POSTGRES</c>,
/// so that no run inherits another's inbox or audit rows (a leftover inbox row points at a sandbox
/// that has gone and would cost retries inside the measured phase).</summary>
internal static class PostgresBenchDatabase
{
    private const string Name = "adapter_pipeline_bench";

    /// <summary>Drops and creates the bench database; returns its connection string.</summary>
    public static string Fresh(string server)
    {
        using var admin = new NpgsqlConnection(server);
        admin.Open();
        using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin))
        {
            drop.ExecuteNonQuery();
        }

        using (var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin))
        {
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
    }
}
