namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// Deterministic fault injection for table requests (<c>/api/now/table/...</c>). The token endpoint never faults.
/// A fault is drawn after authentication and the rate-limit rule, before the request is applied, so a
/// faulted PATCH changes nothing; only <see cref="SandboxFaultKinds.SlowResponse"/> applies the request (late).
/// </summary>
public sealed class ServiceNowFaultOptions
{
    /// <summary>Share of table requests that get a fault, from 0 to 1. Default 0 (no faults).</summary>
    public double Rate { get; set; }

    /// <summary>Which faults may be drawn, each equally likely. Default <see cref="SandboxFaultKinds.Transient"/>.</summary>
    public SandboxFaultKinds Kinds { get; set; } = SandboxFaultKinds.Transient;

    /// <summary>The <c>Retry-After</c> value, in seconds, of an injected 429. Default 1; 0 is allowed.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>How long a slow answer is held back (wall-clock). Default 2 seconds.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Seed of the random sequence: the same seed and the same requests give the same faults. Default 1.</summary>
    public int Seed { get; set; } = 1;

    internal void Validate()
    {
        if (double.IsNaN(Rate) || Rate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "The fault rate must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(RetryAfterSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(SlowDelay, TimeSpan.Zero);
    }
}
