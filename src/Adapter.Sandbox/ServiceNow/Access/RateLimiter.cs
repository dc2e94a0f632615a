using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>The verdict of the rate-limit rule on one request, and the headers the instance sends with it.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, long ResetAtUnixSeconds, int RetryAfterSeconds)
{
    public SandboxResponse ApplyHeaders(SandboxResponse response) => response
        .WithHeader("X-RateLimit-Limit", Limit.ToString(CultureInfo.InvariantCulture))
        .WithHeader("X-RateLimit-Reset", ResetAtUnixSeconds.ToString(CultureInfo.InvariantCulture))
        .WithHeader("X-RateLimit-Rule", RateLimiter.RuleSysId);
}

/// <summary>
/// A rate-limit rule: at most N table requests per user in each whole second of the sandbox's clock
/// (fixed windows, so a test advancing a fake clock by a second opens the next window).
/// </summary>
internal sealed class RateLimiter(int limitPerSecond, TimeProvider time)
{
    /// <summary>The sys_id of the rule, as the instance names it in <c>X-RateLimit-Rule</c>.</summary>
    public const string RuleSysId = "4e1f0c7b1b2a30104e5c0e9d1d4bcb01";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Window, int Count)> _windows = new(StringComparer.OrdinalIgnoreCase);

    public RateLimitDecision Acquire(string userName)
    {
        var now = time.GetUtcNow();
        var window = now.ToUnixTimeSeconds();
        var resetAt = window + 1;
        var retryAfter = (int)Math.Max(1, Math.Ceiling((DateTimeOffset.FromUnixTimeSeconds(resetAt) - now).TotalSeconds));
        lock (_gate)
        {
            var used = _windows.TryGetValue(userName, out var state) && state.Window == window ? state.Count : 0;
            var allowed = used < limitPerSecond;
            _windows[userName] = (window, allowed ? used + 1 : used);
            return new RateLimitDecision(allowed, limitPerSecond, resetAt, retryAfter);
        }
    }
}
