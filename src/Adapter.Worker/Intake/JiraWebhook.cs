using System.Text.Json;
using Adapter.Core.Platforms.Jira;
using Adapter.Worker.Escalation;
using Adapter.Worker.Hosting;
using Adapter.Worker.Platforms.Jira;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Intake;

/// <summary><c>POST /webhooks/jira</c>: <c>jira:issue_created</c> and <c>jira:issue_updated</c>,
/// signed with <c>X-Hub-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>. The change is
/// stored in the inbox before the answer (202); the processor re-reads the issue. Events by the
/// adapter's own account, or whose changelog touches only fields the adapter owns, are acknowledged
/// and dropped; so is any other event type.</summary>
internal static partial class JiraWebhook
{
    public const string SignatureHeader = "X-Hub-Signature";
    public const string IdentifierHeader = "X-Atlassian-Webhook-Identifier";

    private static readonly HashSet<string> Handled = new(StringComparer.Ordinal) { "jira:issue_created", "jira:issue_updated" };

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        IAdapterStore store,
        InboxSignal signal,
        AdapterMetrics metrics,
        IOptionsMonitor<JiraOptions> options,
        IOptionsMonitor<CrossPlatformEscalationOptions> escalation,
        IOptionsMonitor<AdapterOptions> adapter,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(JiraWebhook));
        var result = await AcceptAsync(context, store, signal, options.CurrentValue, escalation.CurrentValue, adapter.CurrentValue.MaxWebhookBodyBytes, time, logger);
        metrics.Webhook(JiraPlatform.PlatformName, result.Status);
        return Results.Json(result.Body, statusCode: result.Status);
    }

    private static async Task<(int Status, object Body)> AcceptAsync(
        HttpContext context, IAdapterStore store, InboxSignal signal, JiraOptions o, CrossPlatformEscalationOptions escalation, int maxBytes, TimeProvider time, ILogger logger)
    {
        var site = context.RequestServices.GetService<JiraSiteContext>();
        if (!(o.Enabled || escalation.Enabled) || string.IsNullOrEmpty(o.WebhookSecret) || site is null)
        {
            return (404, Error("the Jira webhook is not configured"));
        }

        var (body, status, error) = await SignedWebhookGate.ReadAsync(context, SignatureHeader, o.WebhookSecret, maxBytes);
        if (body is null)
        {
            if (status == 401)
            {
                LogBadSignature(logger);
            }

            return (status, Error(error));
        }

        Event? hook;
        try
        {
            hook = JsonSerializer.Deserialize<Event>(body, JiraJson.Options);
        }
        catch (JsonException)
        {
            return (400, Error("body is not valid JSON"));
        }

        if (hook is null)
        {
            return (400, Error("body is not a Jira webhook event"));
        }

        if (string.IsNullOrEmpty(hook.WebhookEvent) || !Handled.Contains(hook.WebhookEvent))
        {
            LogIgnored(logger, "event type");
            return (202, new { queued = false, ignored = "event type not handled" });
        }

        if (string.IsNullOrWhiteSpace(hook.Issue?.Id))
        {
            return (400, Error("issue.id is required"));
        }

        if (hook.User?.AccountId is { Length: > 0 } author && string.Equals(author, await OwnAccountAsync(site, context.RequestAborted), StringComparison.Ordinal))
        {
            LogIgnored(logger, "own change");
            return (202, new { queued = false, ignored = "the adapter's own change" });
        }

        // An issue the adapter opened for a ServiceNow incident belongs to the escalation flow: its
        // change (a transition, a resolution) is queued for the incident it came from.
        if (escalation.Enabled && EscalatedIncident(hook.Issue, escalation) is { } incident)
        {
            var key = hook.Issue.Updated is { } at ? "jira:" + JiraWatermark.VersionKey(at) : "jira:webhook:" + context.Request.Headers[IdentifierHeader].ToString();
            var queued = await store.EnqueueAsync(new InboxItem(EscalationLink.Platform, incident, key, IntakeSource.Webhook, time.GetUtcNow()), context.RequestAborted);
            if (queued)
            {
                signal.Notify();
            }

            return (202, new { queued });
        }

        if (!o.Enabled)
        {
            LogIgnored(logger, "Jira triage is off");
            return (202, new { queued = false, ignored = "not an escalated issue, and Jira triage is off" });
        }

        var owned = JiraRoutingPlanner.FieldIds(o.Fields).ToHashSet(StringComparer.Ordinal);
        var items = hook.Changelog?.Items ?? [];
        if (hook.WebhookEvent == "jira:issue_updated" && items.Count > 0 && items.All(i => owned.Contains(i.FieldId ?? i.Field)))
        {
            LogIgnored(logger, "owned fields only");
            return (202, new { queued = false, ignored = "only fields the adapter owns changed" });
        }

        // The same change keeps its updated time across a retried delivery (same
        // X-Atlassian-Webhook-Identifier) and the poll: one inbox key for all of them.
        var identifier = context.Request.Headers[IdentifierHeader].ToString();
        var version = hook.Issue.Updated is { } updated ? JiraWatermark.VersionKey(updated)
            : identifier.Length > 0 ? "webhook:" + identifier
            : "received:" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var added = await store.EnqueueAsync(new InboxItem(JiraPlatform.PlatformName, hook.Issue.Id.Trim(), version, IntakeSource.Webhook, time.GetUtcNow()), context.RequestAborted);
        if (added)
        {
            signal.Notify();
        }

        return (202, new { queued = added });
    }

    private static object Error(string message) => new { error = message };

    /// <summary>The sys_id in an escalated issue's marker label, when the event's issue carries one.</summary>
    private static string? EscalatedIncident(HookIssue issue, CrossPlatformEscalationOptions escalation)
    {
        if (issue.Fields is null || !issue.Fields.TryGetValue("labels", out var labels) || labels.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var all = labels.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!).ToList();
        return all.Contains(escalation.EscalatedLabel, StringComparer.Ordinal)
            ? all.FirstOrDefault(l => l.StartsWith(escalation.MarkerLabelPrefix, StringComparison.Ordinal) && l.Length > escalation.MarkerLabelPrefix.Length)?[escalation.MarkerLabelPrefix.Length..]
            : null;
    }

    // When the site cannot be asked, store the event anyway: the processor re-reads the issue and
    // recognises the adapter's own change by its version, so nothing is written twice.
    private static async Task<string?> OwnAccountAsync(JiraSiteContext site, CancellationToken cancellationToken)
    {
        try
        {
            return await site.AccountIdAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is PlatformCallException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Jira webhook refused: missing or invalid signature")]
    private static partial void LogBadSignature(ILogger logger);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Jira webhook acknowledged and dropped: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string reason);

    private sealed class Event
    {
        public string? WebhookEvent { get; set; }

        public JiraUser? User { get; set; }

        public HookIssue? Issue { get; set; }

        public HookChangelog? Changelog { get; set; }
    }

    private sealed class HookIssue
    {
        public string? Id { get; set; }

        public string? Key { get; set; }

        public Dictionary<string, JsonElement>? Fields { get; set; }

        public DateTimeOffset? Updated => Fields is not null && Fields.TryGetValue("updated", out var u) && u.ValueKind == JsonValueKind.String && JiraJson.TryParseTime(u.GetString(), out var t) ? t : null;
    }

    private sealed class HookChangelog
    {
        public List<JiraChangeItem>? Items { get; set; }
    }
}
