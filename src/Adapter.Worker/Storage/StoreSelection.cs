using Adapter.Core.Classification;
using Adapter.Worker.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Adapter.Worker.Storage;

/// <summary><c>Adapter:Store</c> decides two things together: the adapter's store, and where
/// Quartz keeps the poll schedule. SQLite (one replica) keeps Quartz in memory; PostgreSQL runs
/// Quartz clustered on its ADO.NET job store in the same database, so with several replicas each
/// poll job runs on one of them at a time and moves to another when that one dies.</summary>
internal static class StoreSelection
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private const string ConnectionKey = $"{AdapterOptions.SectionName}:{nameof(AdapterOptions.PostgresConnectionString)}";

    public static bool UsesPostgres(this AdapterOptions options) =>
        string.Equals(options.Store, Postgres, StringComparison.Ordinal);

    public static IServiceCollection AddAdapterStore(this IServiceCollection services) =>
        services.AddSingleton<IAdapterStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AdapterOptions>>().Value;
            return o.UsesPostgres() ? new PostgresAdapterStore(o.PostgresConnectionString) : new SqliteAdapterStore(o.SqlitePath, sp.GetService<ILoggerFactory>()?.CreateLogger<SqliteAdapterStore>());
        });

    /// <summary>The job store for <paramref name="adapter"/>'s store. The Quartz tables are made by
    /// the adapter's own migrations (<c>0002_quartz_job_store.sql</c>); Quartz only checks them.</summary>
    public static void UseAdapterJobStore(this IQuartzBuilder quartz, AdapterOptions adapter)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(adapter);
        if (!adapter.UsesPostgres())
        {
            quartz.UseInMemoryStore();
            return;
        }

        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(adapter.PostgresConnectionString);
            store.UseSystemTextJsonSerializer();
            store.UseClustering();
        });
    }

    /// <summary>Cross-field rules of the store settings, for start-up and <c>validate-config</c>.
    /// The connection string is never echoed: it may carry a password.</summary>
    public static IReadOnlyList<ConfigProblem> Validate(AdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesPostgres())
        {
            return [];
        }

        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            return [new(ConnectionKey, "required when Adapter:Store is 'postgres'; set it through the environment (Adapter__PostgresConnectionString)")];
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? [new(ConnectionKey, "names no Host")]
                : [];
        }
        catch (ArgumentException)
        {
            return [new(ConnectionKey, "is not a valid Npgsql connection string (Host=...;Database=...;Username=...)")];
        }
    }
}
