using System.ComponentModel.DataAnnotations;

namespace Adapter.Worker.Hosting;

/// <summary>Whether the adapter writes to tickets.</summary>
public enum AdapterMode
{
    /// <summary>Decide, write routing fields and one note.</summary>
    Enforce,

    /// <summary>Decide and record only; write nothing to any ticket.</summary>
    Shadow,
}

/// <summary>The <c>Adapter</c> section: mode, store, processing and the webhook listener.</summary>
public sealed class AdapterOptions
{
    public const string SectionName = "Adapter";

    /// <summary>Default <see cref="AdapterMode.Enforce"/>.</summary>
    public AdapterMode Mode { get; set; } = AdapterMode.Enforce;

    /// <summary><c>sqlite</c> (default, one file) or <c>postgres</c>.</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "must be 'sqlite' or 'postgres'")]
    public string Store { get; set; } = "sqlite";

    /// <summary>SQLite file path, default <c>data/adapter.db</c> under the working directory.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/adapter.db";

    /// <summary>Npgsql connection string of the shared PostgreSQL database, required when
    /// <see cref="Store"/> is <c>postgres</c> (e.g. <c>Host=db;Database=adapter;Username=adapter</c>).
    /// Default empty. It may carry a password: set it through the environment
    /// (<c>Adapter__PostgresConnectionString</c>) or a mounted secret, never the JSON file.</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>Items processed at once. Default 8.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a claimed inbox item is reserved for one worker. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before an item is parked as failed for an operator. Default 8.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay of a failed item; doubles each attempt up to 10 minutes. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the inbox is checked when no webhook wakes it. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan InboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time given to in-flight items on shutdown before they are released. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>URL the webhook listener binds to. Default <c>http://127.0.0.1:8080</c>.</summary>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Largest webhook body accepted, in bytes. Default 65536.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxWebhookBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long <c>/readyz</c> trusts its last check of each platform and of the
    /// configuration before checking again. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReadinessCacheInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Webhook deliveries accepted per second from one remote address (a token bucket
    /// of the same size, no queue); more are answered 429. Default 50.</summary>
    [Range(1, 100_000)]
    public int WebhookRateLimitPerSecond { get; set; } = 50;
}
