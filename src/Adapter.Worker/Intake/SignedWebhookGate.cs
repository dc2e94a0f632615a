using Microsoft.AspNetCore.Http.Features;

namespace Adapter.Worker.Intake;

/// <summary>What every signed webhook checks before it reads the payload, in this order: JSON
/// content type (415), size (413, also for a chunked body), and <c>sha256=&lt;hex HMAC-SHA256 of
/// the raw body&gt;</c> under the platform's secret (401).</summary>
internal static class SignedWebhookGate
{
    /// <summary>The raw body when every check passes; otherwise the status and message to answer.</summary>
    public static async Task<(byte[]? Body, int Status, string Error)> ReadAsync(HttpContext context, string signatureHeader, string secret, int maxBytes)
    {
        var request = context.Request;

        // Kestrel's limit follows the current setting, not only the one read at start.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, 415, "content type must be application/json");
        }

        var tooLarge = (Body: (byte[]?)null, Status: 413, Error: $"body larger than {maxBytes} bytes");
        if (request.ContentLength > maxBytes)
        {
            return tooLarge;
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request.Body, maxBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's limit (the same number) met first while reading a chunked body.
            body = null;
        }

        if (body is null)
        {
            return tooLarge;
        }

        return WebhookSignature.IsValid(request.Headers[signatureHeader].ToString(), body, secret)
            ? (body, 200, "")
            : (null, 401, "missing or invalid signature");
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
