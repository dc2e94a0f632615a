using System.Net;

namespace Adapter.Worker.Processing;

/// <summary>A platform answered with an error; the inbox item is retried later.</summary>
public sealed class PlatformCallException : Exception
{
    public PlatformCallException(string message, HttpStatusCode? status)
        : base(message)
    {
        Status = status;
    }

    public PlatformCallException()
    {
    }

    public PlatformCallException(string message)
        : base(message)
    {
    }

    public PlatformCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode? Status { get; }
}
