using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Adapter.Worker.Storage;

/// <summary>One numbered schema script.</summary>
internal sealed record PostgresMigration(int Version, string Name, string Sql);

/// <summary>The PostgreSQL schema as numbered scripts (<c>Storage/Migrations/NNNN_name.sql</c>,
/// embedded in the assembly), applied in order on start and recorded in
/// <c>adapter_schema_version</c>. Replicas that start together queue on one transaction-scoped
/// advisory lock, so each script runs exactly once and in one transaction with its version row:
/// a replica that waited finds the work done, and a failed script leaves nothing behind.</summary>
internal static class PostgresMigrations
{
    /// <summary>The advisory lock every migrating replica takes: "adapter" in ASCII.</summary>
    internal const long LockKey = 0x61_64_61_70_74_65_72;

    private const string ResourcePrefix = "Adapter.Worker.Storage.Migrations.";

    public static IReadOnlyList<PostgresMigration> All { get; } = Load();

    /// <summary>Brings the schema up to the newest script; returns how many scripts ran. A
    /// database already newer than this build (a rolling upgrade) is left as it is.</summary>
    public static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS adapter_schema_version (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, cancellationToken);

        int current;
        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM adapter_schema_version", connection, transaction))
        {
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var applied = 0;
        foreach (var migration in All.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO adapter_schema_version (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied++;
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<PostgresMigration> Load()
    {
        var assembly = typeof(PostgresMigrations).Assembly;
        var migrations = new List<PostgresMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // NNNN_name.sql: the number is the version, the rest says what it is.
            var file = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..separator], NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add(new PostgresMigration(version, file[(separator + 1)..], Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
        {
            throw new InvalidOperationException("Two PostgreSQL migrations share a version number.");
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
