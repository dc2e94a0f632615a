using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Adapter.Core.Platforms.ServiceNow;
using Adapter.Worker.Hosting;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Intake;

/// <summary><c>POST /webhooks/servicenow</c>: a thin, HMAC-signed notice from a business rule
/// (<c>table</c>, <c>sys_id</c>, <c>sys_updated_on</c>, <c>operation</c>). It is stored in the
/// inbox before the answer (202); the processor re-reads the record through the Table API.</summary>
internal static partial class ServiceNowWebhook
{
    public const string SignatureHeader = "X-Adapter-Signature";

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        IAdapterStore store,
        InboxSignal signal,
        AdapterMetrics metrics,
        IOptionsMonitor<ServiceNowOptions> options,
        IOptionsMonitor<AdapterOptions> adapter,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ServiceNowWebhook));
        var result = await AcceptAsync(context, store, signal, options.CurrentValue, adapter.CurrentValue.MaxWebhookBodyBytes, time, logger);
        metrics.Webhook(ServiceNowPlatform.PlatformName, result.Status);
        return Results.Json(result.Body, statusCode: result.Status);
    }

    private static async Task<(int Status, object Body)> AcceptAsync(
        HttpContext context, IAdapterStore store, InboxSignal signal, ServiceNowOptions o, int maxBytes, TimeProvider time, ILogger logger)
    {
        if (!o.Enabled || string.IsNullOrEmpty(o.WebhookSecret))
        {
            return (404, Error("the ServiceNow webhook is not configured"));
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

        Notice? notice;
        try
        {
            notice = JsonSerializer.Deserialize<Notice>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return (400, Error("body is not valid JSON"));
        }

        // Only ids go into the inbox: a sys_id is 32 hex digits, a version a ServiceNow time.
        if (notice is null || !SysId().IsMatch(notice.Sys_id ?? ""))
        {
            return (400, Error("sys_id must be 32 hexadecimal digits"));
        }

        if (!string.IsNullOrEmpty(notice.Sys_updated_on) && !ServiceNowJson.TryParseTime(notice.Sys_updated_on, out _))
        {
            return (400, Error("sys_updated_on must be a ServiceNow time (yyyy-MM-dd HH:mm:ss)"));
        }

        if (!string.IsNullOrEmpty(notice.Table) && !string.Equals(notice.Table, o.Table, StringComparison.Ordinal))
        {
            return (400, Error("table is not the configured table"));
        }

        // A retried delivery of the same change carries the same sys_updated_on: same inbox key.
        var version = !string.IsNullOrEmpty(notice.Sys_updated_on) ? "updated:" + notice.Sys_updated_on
            : "received:" + time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var added = await store.EnqueueAsync(new InboxItem(ServiceNowPlatform.PlatformName, notice.Sys_id!, version, IntakeSource.Webhook, time.GetUtcNow()), context.RequestAborted);
        if (added)
        {
            signal.Notify();
        }

        return (202, new { queued = added });
    }

    private static object Error(string message) => new { error = message };

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SysId();

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "ServiceNow webhook refused: missing or invalid signature")]
    private static partial void LogBadSignature(ILogger logger);

    private sealed record Notice(string? Table, string? Sys_id, string? Sys_updated_on, string? Operation);
}

/// <summary><c>sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>, compared in constant time.</summary>
internal static class WebhookSignature
{
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool IsValid(string? header, byte[] body, string secret)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(7));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

