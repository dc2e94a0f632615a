using System.Net;
using Refit;

namespace Adapter.Worker.Processing;

/// <summary>A platform answered with an error; the inbox item is retried later.</summary>
public sealed class PlatformCallException : Exception
{
    public PlatformCallException(string message, HttpStatusCode? status)
        : base(message)
    {
        Status = status;
        Summary = message;
    }

    /// <param name="summary">What failed and the status, in the adapter's words.</param>
    /// <param name="status">The HTTP status, if there was an answer.</param>
    /// <param name="platformDetail">The platform's own error text; it may quote field values.</param>
    public PlatformCallException(string summary, HttpStatusCode? status, string? platformDetail)
        : base(string.IsNullOrEmpty(platformDetail) ? summary : $"{summary} {platformDetail}")
    {
        Status = status;
        Summary = summary;
    }

    public PlatformCallException()
    {
    }

    public PlatformCallException(string message)
        : base(message)
    {
        Summary = message;
    }

    public PlatformCallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Summary = message;
    }

    public HttpStatusCode? Status { get; }

    /// <summary>The message without the platform's own text: what the store keeps.</summary>
    public string Summary { get; } = "";

    /// <summary>Throws when <paramref name="response"/> is not a success: the summary names the
    /// platform, the action and the status; the platform's error body, read by
    /// <paramref name="describeBody"/>, stays out of the summary (it may quote the ticket).</summary>
    public static void ThrowIfFailed(IApiResponse response, string platform, string action, Func<string?, string> describeBody)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(describeBody);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = response.Error is ApiException error ? describeBody(error.Content) : response.Error?.Message ?? "no response";
        throw new PlatformCallException($"{platform} {action} failed: HTTP {(int?)response.StatusCode}", response.StatusCode, detail);
    }
}
