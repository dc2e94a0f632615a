using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Adapter.Core.Platforms.Jira;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>Registers the Jira client: base address from options → auth → resilience (rate limit,
/// total timeout, retry honouring Retry-After and X-RateLimit-Reset, circuit breaker, attempt timeout).</summary>
internal static class JiraClientRegistration
{
    public const string PipelineName = "jira";

    public static IServiceCollection AddJiraClient(this IServiceCollection services, JiraOptions snapshot)
    {
        var refit = new RefitSettings(new SystemTextJsonContentSerializer(JiraJson.Options));
        services.AddTransient<JiraAuthHandler>();
        services.AddRefitGeneratedClient<IJiraApi>(refit)
            .ConfigureHttpClient((sp, c) =>
            {
                c.BaseAddress = new Uri(sp.GetRequiredService<IOptionsMonitor<JiraOptions>>().CurrentValue.SiteUrl.TrimEnd('/'));
                c.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<JiraAuthHandler>()
            .AddResilienceHandler(PipelineName, builder => Configure(builder, snapshot));
        services.AddSingleton<Hosting.IPlatformProbe, Hosting.JiraProbe>();
        services.TryAddSingleton<Processing.AuditRecorder>();
        services.AddSingleton<JiraAudit>();
        return services;
    }

    /// <summary>Jira Cloud answers 429 (and sometimes 503) with <c>Retry-After</c> in seconds, and
    /// with <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c>, <c>X-RateLimit-Reset</c> (an ISO
    /// time) and <c>RateLimit-Reason</c>. Retry-After wins; without it, wait until the reset time.</summary>
    public static TimeSpan? ServerDelay(HttpResponseMessage? response, DateTimeOffset now)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } after)
        {
            return after.Delta ?? (after.Date is { } date ? date - now : null);
        }

        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && DateTimeOffset.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var reset))
        {
            var wait = reset - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, JiraOptions o) =>
        PlatformResilience.Configure(
            builder,
            new PlatformResilienceSettings(o.RequestsPerSecond, o.TotalTimeout, o.AttemptTimeout, o.MaxRetries, o.RetryBaseDelay),
            response => ServerDelay(response, TimeProvider.System.GetUtcNow()));
}
