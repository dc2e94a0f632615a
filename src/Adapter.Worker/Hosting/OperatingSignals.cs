using System.Globalization;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Hosting;

/// <summary>Gauges read when <c>/metrics</c> is scraped: inbox depth, watermark lag per platform
/// and the reload counters of the triage rules.</summary>
internal static class OperatingSignals
{
    public static void Register(IServiceProvider services)
    {
        var metrics = services.GetRequiredService<AdapterMetrics>();
        var store = services.GetRequiredService<IAdapterStore>();
        var rules = services.GetRequiredService<TriageRules>();
        var time = services.GetRequiredService<TimeProvider>();
        var platforms = services.GetServices<ITicketPlatform>().Select(p => p.Name).ToList();
        metrics.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            metrics.ConfigReloads(rules.Generation - 1, rules.RefusedEdits);
            metrics.ConfigRejected(rules.RejectedEdit.Count > 0);
            try
            {
                var counts = await store.CountInboxAsync(cancellationToken);
                metrics.InboxDepth(counts.Pending, counts.Failed);
                foreach (var platform in platforms)
                {
                    var watermark = await store.GetWatermarkAsync(platform, cancellationToken);
                    if (watermark is not null && DateTimeOffset.TryParse(watermark, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                    {
                        metrics.WatermarkLag(platform, time.GetUtcNow() - at);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store's own state shows on /readyz; a scrape still answers with what it has.
            }
        });
    }
}
