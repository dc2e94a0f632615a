using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Intake;

/// <summary>ASP.NET Core's rate limiter on every path under <c>/webhooks/</c>: one token bucket
/// per remote address, <c>Adapter:WebhookRateLimitPerSecond</c> deliveries a second (read at each
/// request, so an edit applies to new partitions at once), no queue; the rest are answered 429
/// with <c>Retry-After</c>. Other paths (health, metrics) are not limited.</summary>
internal static partial class WebhookRateLimiting
{
    public const string PathPrefix = "/webhooks/";

    public static IServiceCollection AddWebhookRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string Address, int Limit)>(Partition);
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static RateLimitPartition<(string Address, int Limit)> Partition(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(PathPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return RateLimitPartition.GetNoLimiter(("", 0));
        }

        // The limit is part of the key: after an edit, each source gets a bucket of the new size.
        var limit = Math.Max(1, context.RequestServices.GetRequiredService<IOptionsMonitor<AdapterOptions>>().CurrentValue.WebhookRateLimitPerSecond);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter((address, limit), key => new TokenBucketRateLimiterOptions
        {
            TokenLimit = key.Item2,
            TokensPerPeriod = key.Item2,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var platform = PlatformOf(context);
        context.RequestServices.GetRequiredService<AdapterMetrics>().Webhook(platform, StatusCodes.Status429TooManyRequests);
        LogRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhookRateLimiting)), platform, context.Connection.RemoteIpAddress);
        await context.Response.WriteAsJsonAsync(new { error = "too many requests" }, cancellationToken);
    }

    /// <summary>A known platform's name, or <c>unknown</c>: a metric label must not take any
    /// value a caller puts in a path.</summary>
    private static string PlatformOf(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var segment = path.Length > PathPrefix.Length ? path[PathPrefix.Length..].Split('/')[0] : "";
        return context.RequestServices.GetServices<ITicketPlatform>().Select(p => p.Name)
            .FirstOrDefault(n => string.Equals(n, segment, StringComparison.OrdinalIgnoreCase)) ?? "unknown";
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Webhook for {Platform} from {RemoteAddress} refused: rate limit reached")]
    private static partial void LogRejected(ILogger logger, string platform, IPAddress? remoteAddress);
}
