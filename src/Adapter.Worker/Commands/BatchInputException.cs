namespace Adapter.Worker.Commands;

/// <summary>A batch input problem that is reported as one line naming the file and the row.</summary>
internal sealed class BatchInputException : Exception
{
    public BatchInputException(string message)
        : base(message)
    {
    }

    public BatchInputException()
    {
    }

    public BatchInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
