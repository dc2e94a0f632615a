using System.Net;

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
}
