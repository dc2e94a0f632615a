using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Jira;

/// <summary>A custom field the sandbox site has: a single-select (<c>option</c>) or a Team field (<c>team</c>).</summary>
public sealed record JiraSandboxCustomField(string Id, string Name, string Type, IReadOnlyList<string> AllowedValues);

/// <summary>How a <see cref="JiraSandbox"/> behaves. Read once, at start.</summary>
public sealed class JiraSandboxOptions
{
    /// <summary>The adapter account's e-mail for Basic auth. Default <c>adapter@example.org</c>.</summary>
    public string Email { get; set; } = "adapter@example.org";

    /// <summary>The adapter account's API token. Default <c>sandbox-api-token</c>.</summary>
    public string ApiToken { get; set; } = "sandbox-api-token";

    /// <summary>A bearer token also accepted for the adapter account (OAuth 2.0). Default <c>sandbox-bearer</c>.</summary>
    public string BearerToken { get; set; } = "sandbox-bearer";

    /// <summary>The adapter account's accountId. Default <c>712020:adapter-0000-4000-8000-000000000001</c>.</summary>
    public string AccountId { get; set; } = "712020:adapter-0000-4000-8000-000000000001";

    /// <summary>The account's time zone: times are rendered with its offset and JQL dates read in it.
    /// Default <c>America/New_York</c>, so that a client that forgets it is caught.</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Project key of seeded issues. Default <c>HELP</c>.</summary>
    public string ProjectKey { get; set; } = "HELP";

    /// <summary>Further projects issues can be created in (<c>POST /issue</c>), besides <see cref="ProjectKey"/>. Default none.</summary>
    public IList<string> Projects { get; } = [];

    /// <summary>Issue types a created issue may name. Default Task, Bug, Incident.</summary>
    public IList<string> IssueTypes { get; } = ["Task", "Bug", "Incident"];

    /// <summary>The accountId seeded issues are reported by. Default <c>557058:service-desk-agent</c>.</summary>
    public string SeedAccountId { get; set; } = "557058:service-desk-agent";

    /// <summary>Custom fields of the site. Default none.</summary>
    public IList<JiraSandboxCustomField> CustomFields { get; } = [];

    /// <summary>Field ids left off the project's edit screen: editmeta does not list them and an edit
    /// naming one is refused with 400, as the site refuses it. Default none.</summary>
    public IList<string> FieldsOffScreen { get; } = [];

    /// <summary>The site's clock. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Requests allowed per account per second; 0 means no limit. Default 0.</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>Fault injection for REST requests (the same kinds and seeding as the ServiceNow sandbox). Default none.</summary>
    public ServiceNowFaultOptions Faults { get; set; } = new();

    /// <summary>Deliver every webhook twice with the same <c>X-Atlassian-Webhook-Identifier</c>. Default false.</summary>
    public bool DuplicateWebhooks { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Email);
        ArgumentException.ThrowIfNullOrEmpty(ApiToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(AccountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(ProjectKey);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Faults);
        _ = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        ArgumentOutOfRangeException.ThrowIfNegative(RateLimitPerSecond);
        Faults.Validate();
    }
}
