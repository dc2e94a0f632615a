namespace Adapter.Worker.Privacy;

/// <summary>What a log sink sees of an exception: the original's message and full text
/// (type, inner exceptions, stack) redacted, and its stack trace (frames carry no data).</summary>
public sealed class RedactedException : Exception
{
    private readonly string _text = "";
    private readonly string? _stackTrace;

    public RedactedException(Exception original, SensitiveDataRedactor redactor)
        : base(redactor?.Redact(original?.Message))
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(redactor);
        _text = redactor.Redact(original.ToString());
        _stackTrace = original.StackTrace;
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
    }

    public RedactedException()
    {
    }

    public RedactedException(string message)
        : base(message)
    {
        _text = message;
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
        _text = message;
    }

    /// <summary>The full name of the exception type that was logged.</summary>
    public string OriginalType { get; } = typeof(RedactedException).FullName!;

    public override string? StackTrace => _stackTrace;

    public override string ToString() => _text;
}
