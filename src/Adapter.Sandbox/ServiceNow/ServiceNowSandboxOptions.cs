namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// How a <see cref="ServiceNowSandbox"/> behaves. Read once, at <see cref="ServiceNowSandbox.Start(ServiceNowSandboxOptions)"/>.
/// </summary>
public sealed class ServiceNowSandboxOptions
{
    /// <summary>The integration user for Basic auth and the OAuth password grant. Default <c>adapter.integration</c>.</summary>
    public string UserName { get; set; } = "adapter.integration";

    /// <summary>The integration user's password. Default <c>sandbox-password</c>.</summary>
    public string Password { get; set; } = "sandbox-password";

    /// <summary>The OAuth application's client id for <c>POST /oauth_token.do</c>. Default <c>sandbox-client</c>.</summary>
    public string ClientId { get; set; } = "sandbox-client";

    /// <summary>The OAuth application's client secret. Default <c>sandbox-secret</c>.</summary>
    public string ClientSecret { get; set; } = "sandbox-secret";

    /// <summary>How long an issued access token is accepted. Default 1799 seconds, as an instance issues them.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(1799);

    /// <summary>
    /// The instance's clock: record timestamps, token expiry and rate-limit windows. Default <see cref="TimeProvider.System"/>.
    /// Injected slow answers wait in wall-clock time, since they stand for the network.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Table requests allowed per user per second (a rate-limit rule); 0 means no rule. Default 0.</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>
    /// The user name that records made by <see cref="ServiceNowSandbox.AddIncident"/> and
    /// <see cref="ServiceNowSandbox.SeedFromCsv"/> carry in <c>sys_created_by</c> and <c>sys_updated_by</c>.
    /// Default <c>service.desk</c>, so the adapter never mistakes seeded tickets for its own changes.
    /// </summary>
    public string SeedUserName { get; set; } = "service.desk";

    /// <summary>Fault injection for table requests. Default: none (rate 0).</summary>
    public ServiceNowFaultOptions Faults { get; set; } = new();

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(UserName);
        ArgumentException.ThrowIfNullOrEmpty(Password);
        ArgumentException.ThrowIfNullOrWhiteSpace(ClientId);
        ArgumentException.ThrowIfNullOrEmpty(ClientSecret);
        ArgumentException.ThrowIfNullOrWhiteSpace(SeedUserName);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Faults);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TokenLifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(RateLimitPerSecond);
        Faults.Validate();
    }
}
