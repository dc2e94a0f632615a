using System.ComponentModel.DataAnnotations;
using Adapter.Core.Platforms.Jira;

namespace Adapter.Worker.Platforms.Jira;

public enum JiraAuthMode
{
    /// <summary>Account e-mail plus API token (HTTP Basic).</summary>
    Basic,

    /// <summary>An OAuth 2.0 (3LO) access token, or a service account's bearer token.</summary>
    Bearer,
}

/// <summary>The <c>Jira</c> section: the site, credentials, intake and field map.</summary>
public sealed class JiraOptions
{
    public const string SectionName = "Jira";

    /// <summary>Whether this platform is connected. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Site URL, e.g. <c>https://example.atlassian.net</c> (or the OAuth gateway
    /// <c>https://api.atlassian.com/ex/jira/{cloudId}</c>).</summary>
    public string SiteUrl { get; set; } = "";

    public JiraAuthMode AuthMode { get; set; } = JiraAuthMode.Basic;

    /// <summary>The adapter account's e-mail (Basic).</summary>
    public string Email { get; set; } = "";

    /// <summary>Secret: API token, from the environment (<c>Jira__ApiToken</c>) or a mounted file.</summary>
    public string ApiToken { get; set; } = "";

    /// <summary>Secret: OAuth 2.0 access token for <see cref="JiraAuthMode.Bearer"/> (<c>Jira__BearerToken</c>).</summary>
    public string BearerToken { get; set; } = "";

    /// <summary>JQL that scopes the adapter, e.g. <c>project = HELP AND statusCategory != Done</c>.</summary>
    [Required]
    public string Jql { get; set; } = "statusCategory != Done";

    /// <summary>Whether the Quartz job polls the site. Default true.</summary>
    public bool PollingEnabled { get; set; } = true;

    /// <summary>Poll period. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Issues per search page (<c>maxResults</c>). Default 50.</summary>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 50;

    /// <summary>How far back the first poll looks. Default 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How far the JQL lower bound is set before the watermark (JQL dates are minute-precise;
    /// the search index lags writes a little). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Time zone JQL dates are read in; empty: the adapter account's, from <c>/myself</c>.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>Client-side request rate limit (requests per second). Default 10.</summary>
    [Range(1, 10000)]
    public int RequestsPerSecond { get; set; } = 10;

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

    /// <summary>Whether edits notify watchers. Default false (<c>notifyUsers=false</c> needs the
    /// Administer Jira or project admin permission; set true where the account lacks it).</summary>
    public bool NotifyUsers { get; set; }

    /// <summary>Secret for <c>X-Hub-Signature</c> on <c>POST /webhooks/jira</c>; empty disables the endpoint.</summary>
    public string WebhookSecret { get; set; } = "";

    public JiraFieldMapOptions Fields { get; set; } = new();

    public JiraAuditOptions Audit { get; set; } = new();
}
