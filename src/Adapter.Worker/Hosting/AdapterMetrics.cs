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
    private readonly Counter _auditFlags;
    private readonly Counter _httpCalls;
    private readonly Gauge _inboxDepth;
    private readonly Gauge _watermarkLag;
    private readonly Counter _configReloads;
    private readonly Counter _configReloadFailures;
    private readonly Counter _escalations;

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
        _auditFlags = factory.CreateCounter("adapter_audit_flags_total", "Audit flags raised, by platform and kind.", "platform", "kind");
        _httpCalls = factory.CreateCounter("adapter_platform_http_calls_total", "HTTP attempts to a platform, by method and status code (or 'error').", "platform", "method", "status");
        _inboxDepth = factory.CreateGauge("adapter_inbox_depth", "Inbox items by status (pending, failed).", "status");
        _watermarkLag = factory.CreateGauge("adapter_watermark_lag_seconds", "Time since the poll watermark, per platform.", "platform");
        _configReloads = factory.CreateCounter("adapter_config_reloads_total", "Edits of the triage rules applied without a restart.");
        _configReloadFailures = factory.CreateCounter("adapter_config_reload_failures_total", "Edits of the triage rules refused (older rules kept).");
        _escalations = factory.CreateCounter("adapter_escalations_total", "Steps of ServiceNow-to-Jira escalations (opened, adopted, linked, resolved_noted, closure_commented), by destination.", "destination", "step");
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

    public void AuditFlag(string platform, string kind) => _auditFlags.WithLabels(platform, kind).Inc();

    public void HttpCall(string platform, string method, string status) => _httpCalls.WithLabels(platform, method, status).Inc();

    public void InboxDepth(int pending, int failed)
    {
        _inboxDepth.WithLabels("pending").Set(pending);
        _inboxDepth.WithLabels("failed").Set(failed);
    }

    public void WatermarkLag(string platform, TimeSpan lag) => _watermarkLag.WithLabels(platform).Set(Math.Max(0, lag.TotalSeconds));

    public void Escalation(string destination, string step) => _escalations.WithLabels(destination, step).Inc();

    /// <summary>Brings the reload counters up to the totals the rules keep.</summary>
    public void ConfigReloads(int applied, int refused)
    {
        _configReloads.IncTo(applied);
        _configReloadFailures.IncTo(refused);
    }
}
