using System.Net;
using System.Threading.RateLimiting;
using Adapter.Core.Platforms.ServiceNow;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.TryAddSingleton<Processing.AuditRecorder>();
        services.AddSingleton<ServiceNowAudit>();
        services.AddSingleton<Hosting.IPlatformProbe, Hosting.ServiceNowProbe>();
        return services;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ServiceNowOptions o) =>
        PlatformResilience.Configure(builder, new PlatformResilienceSettings(o.RequestsPerSecond, o.TotalTimeout, o.AttemptTimeout, o.MaxRetries, o.RetryBaseDelay));
}
