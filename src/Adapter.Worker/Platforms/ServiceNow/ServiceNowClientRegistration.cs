using System.Net;
using System.Threading.RateLimiting;
using Adapter.Core.Platforms.ServiceNow;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>Registers the Table API client: base address from options → auth → resilience
/// (rate limit, total timeout, retry honouring Retry-After, circuit breaker, attempt timeout).</summary>
internal static class ServiceNowClientRegistration
{
    public const string PipelineName = "servicenow";

    public static IServiceCollection AddServiceNowClient(this IServiceCollection services, ServiceNowOptions snapshot)
    {
        var refit = new RefitSettings(new SystemTextJsonContentSerializer(ServiceNowJson.Options));
        services.AddSingleton<ServiceNowTokenCache>();
        services.AddTransient<ServiceNowAuthHandler>();

        services.AddRefitGeneratedClient<IServiceNowOAuthApi>(refit)
            .ConfigureHttpClient((sp, c) => c.BaseAddress = new Uri(sp.GetRequiredService<IOptionsMonitor<ServiceNowOptions>>().CurrentValue.InstanceUrl))
            .AddStandardResilienceHandler();

        var table = services.AddRefitGeneratedClient<IServiceNowTableApi>(refit)
            .ConfigureHttpClient((sp, c) =>
            {
                c.BaseAddress = new Uri(sp.GetRequiredService<IOptionsMonitor<ServiceNowOptions>>().CurrentValue.InstanceUrl);
                c.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<ServiceNowAuthHandler>();
        table.AddResilienceHandler(PipelineName, builder => Configure(builder, snapshot));
        table.AddHttpMessageHandler(sp => new PlatformHttpMetricsHandler(sp.GetRequiredService<Hosting.AdapterMetrics>(), ServiceNowPlatform.PlatformName));
        services.AddSingleton<ServiceNowAudit>();
        services.AddSingleton<Hosting.IPlatformProbe, Hosting.ServiceNowProbe>();
        return services;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ServiceNowOptions o)
    {
        // Stay under the instance's rate-limit rules rather than collecting its 429s.
        builder.AddRateLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.RequestsPerSecond,
            TokensPerPeriod = o.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        builder.AddTimeout(o.TotalTimeout);
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(o.MaxRetries, 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = o.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldRetryAfterHeader = true,
        };

        // A PATCH appends a work note: retrying one whose outcome is unknown (timeout, 5xx) could
        // write the note twice, so the processor re-reads and decides instead. A 429 was refused
        // before anything happened, so it is retried (after Retry-After) whatever the method.
        retry.ShouldHandle = args =>
        {
            if (o.MaxRetries == 0)
            {
                return PredicateResult.False();
            }

            var safe = args.Context.GetRequestMessage()?.Method == HttpMethod.Get;
            return ValueTask.FromResult(safe
                ? HttpClientResiliencePredicates.IsTransient(args.Outcome)
                : args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests);
        };

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
        builder.AddTimeout(o.AttemptTimeout);
    }
}
