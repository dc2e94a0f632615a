using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Adapter.Worker.Tests.Privacy;

/// <summary>A Serilog sink that keeps every event it is given as the line the console sink of
/// <c>appsettings.json</c> would print (rendered compact JSON, exception text included).</summary>
internal sealed class LogCollector : ILogEventSink
{
    private readonly RenderedCompactJsonFormatter _formatter = new();
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public string All => string.Join('\n', _lines);

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _formatter.Format(logEvent, writer);
        _lines.Enqueue(writer.ToString().TrimEnd());
    }
}
