using Adapter.Worker.Processing;
using Prometheus;

namespace Adapter.Worker.Hosting;

/// <summary>The operating signals on <c>/metrics</c>, in one registry per host.</summary>
public sealed class AdapterMetrics
{
    private readonly Counter _processed;
    private readonly Counter _failed;
    private readonly Counter _webhooks;
    private readonly Histogram _processing;
    private readonly Histogram _intakeToDone;
    private readonly Gauge _configRejected;

    public AdapterMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _processed = factory.CreateCounter("adapter_tickets_processed_total", "Inbox items processed, by platform and outcome.", "platform", "outcome");
        _failed = factory.CreateCounter("adapter_inbox_failures_total", "Failed processing attempts, by platform and whether the item was parked.", "platform", "parked");
        _webhooks = factory.CreateCounter("adapter_webhooks_total", "Webhook deliveries, by platform and HTTP status answered.", "platform", "status");
        _processing = factory.CreateHistogram("adapter_processing_seconds", "Time to process one inbox item.", new HistogramConfiguration { LabelNames = ["platform"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        _intakeToDone = factory.CreateHistogram("adapter_intake_to_done_seconds", "Time from intake (poll or webhook) to processed.", new HistogramConfiguration { LabelNames = ["platform"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 18) });
        _configRejected = factory.CreateGauge("adapter_config_edit_rejected", "1 while the last edit of the triage rules was refused and older rules are in force.");
    }

    public CollectorRegistry Registry { get; }

    public void Processed(string platform, ProcessOutcome outcome, TimeSpan processing, TimeSpan sinceIntake)
    {
        _processed.WithLabels(platform, outcome.ToString()).Inc();
        _processing.WithLabels(platform).Observe(processing.TotalSeconds);
        _intakeToDone.WithLabels(platform).Observe(Math.Max(0, sinceIntake.TotalSeconds));
    }

    public void Failed(string platform, bool parked) => _failed.WithLabels(platform, parked ? "true" : "false").Inc();

    public void Webhook(string platform, int status) => _webhooks.WithLabels(platform, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    public void ConfigRejected(bool rejected) => _configRejected.Set(rejected ? 1 : 0);
}
