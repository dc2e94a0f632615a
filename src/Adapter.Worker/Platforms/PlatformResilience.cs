using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Adapter.Worker.Platforms;

/// <summary>What each platform tunes of its HTTP resilience pipeline.</summary>
internal sealed record PlatformResilienceSettings(
    int RequestsPerSecond,
    TimeSpan TotalTimeout,
    TimeSpan AttemptTimeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay);

/// <summary>The one resilience pipeline every ITSM platform's client gets: a client-side rate
/// limit, a total timeout, retries with jittered backoff that honour the server's delay, a
/// circuit breaker and a per-attempt timeout.</summary>
internal static class PlatformResilience
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <param name="serverDelay">How long the platform asked to wait, when it says so in its own
    /// headers; null uses the standard <c>Retry-After</c> handling.</param>
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        PlatformResilienceSettings settings,
        Func<HttpResponseMessage?, TimeSpan?>? serverDelay = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);

        // Stay under the platform's rate-limit rules rather than collecting its 429s.
        builder.AddRateLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.RequestsPerSecond,
            TokensPerPeriod = settings.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        builder.AddTimeout(settings.TotalTimeout);
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(settings.MaxRetries, 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.RetryBaseDelay,
            MaxDelay = MaxRetryDelay,
            ShouldRetryAfterHeader = serverDelay is null,

            // A write appends a note or comment: retrying one whose outcome is unknown (timeout,
            // 5xx) could write it twice, so the processor re-reads and decides instead. A 429 was
            // refused before anything happened, so it is retried whatever the method.
            ShouldHandle = args =>
            {
                if (settings.MaxRetries == 0)
                {
                    return PredicateResult.False();
                }

                var safe = args.Context.GetRequestMessage()?.Method == HttpMethod.Get;
                return ValueTask.FromResult(safe
                    ? HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    : args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests);
            },
        };
        if (serverDelay is not null)
        {
            retry.DelayGenerator = args => ValueTask.FromResult(serverDelay(args.Outcome.Result) is { } d
                ? TimeSpan.FromTicks(Math.Min(d.Ticks, MaxRetryDelay.Ticks))
                : (TimeSpan?)null);
        }

        builder.AddRetry(retry);
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(15),
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TimeoutException
                || args.Outcome.Result?.StatusCode is >= HttpStatusCode.InternalServerError),
        });
        builder.AddTimeout(settings.AttemptTimeout);
    }
}
