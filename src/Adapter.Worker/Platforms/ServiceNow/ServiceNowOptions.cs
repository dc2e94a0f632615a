using System.ComponentModel.DataAnnotations;
using Adapter.Core.Platforms.ServiceNow;

namespace Adapter.Worker.Platforms.ServiceNow;

public enum ServiceNowAuthMode
{
    Basic,
    OAuth,
}

/// <summary>The <c>ServiceNow</c> section: the instance, credentials, intake and field maps.</summary>
public sealed class ServiceNowOptions
{
    public const string SectionName = "ServiceNow";

    /// <summary>Whether this platform is connected. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Instance URL, e.g. <c>https://example.service-now.com</c>.</summary>
    public string InstanceUrl { get; set; } = "";

    public ServiceNowAuthMode AuthMode { get; set; } = ServiceNowAuthMode.Basic;

    /// <summary>The integration user; also how the adapter recognises its own changes
    /// (<c>sys_updated_by</c>).</summary>
    public string UserName { get; set; } = "";

    /// <summary>Secret: from environment (<c>ServiceNow__Password</c>) or a mounted file, never the JSON file.</summary>
    public string Password { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Table polled and written. Default <c>incident</c>.</summary>
    [Required]
    public string Table { get; set; } = "incident";

    /// <summary>Encoded query that scopes the adapter, e.g. <c>active=true</c>.</summary>
    public string Filter { get; set; } = "active=true";

    /// <summary>What to do when the instance ignores a term of <see cref="Filter"/>: refuse to
    /// start (default) or warn.</summary>
    public bool RefuseIgnoredFilterTerms { get; set; } = true;

    /// <summary>Whether the Quartz job polls the instance (sites with webhooks may still want a
    /// slow safety-net poll). Default true.</summary>
    public bool PollingEnabled { get; set; } = true;

    /// <summary>Rows per page when polling. Default 100.</summary>
    [Range(1, 10000)]
    public int PageSize { get; set; } = 100;

    /// <summary>Poll period. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back the first poll looks. Default 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Client-side request rate limit (requests per second). Default 20.</summary>
    [Range(1, 10000)]
    public int RequestsPerSecond { get; set; } = 20;

    /// <summary>Retries of a failed read. Default 5.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Base delay of the jittered exponential backoff. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one HTTP attempt. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a call including retries. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Shared secret for <c>X-Adapter-Signature</c> on <c>POST /webhooks/servicenow</c>;
    /// empty disables the endpoint.</summary>
    public string WebhookSecret { get; set; } = "";

    public ServiceNowFieldMapOptions Fields { get; set; } = new();

    public ServiceNowAuditOptions Audit { get; set; } = new();
}
