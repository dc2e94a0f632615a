using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Adapter.Worker.Privacy;

/// <summary>Stands in front of every configured Serilog sink and hands each one a copy of the
/// event with every property value (nested ones too), the message template's literal text and
/// the exception (message, inner exceptions, <c>ToString()</c>) passed through the
/// <see cref="SensitiveDataRedactor"/>. Whatever a formatter renders comes from that copy.</summary>
internal sealed class RedactingSink(ILogEventSink inner, SensitiveDataRedactor redactor) : ILogEventSink, IDisposable
{
    private readonly MessageTemplateParser _parser = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Redact(p.Value)));
        var exception = logEvent.Exception is { } e ? new RedactedException(e, redactor) : null;
        inner.Emit(new LogEvent(
            logEvent.Timestamp,
            logEvent.Level,
            exception,
            RedactTemplate(logEvent.MessageTemplate),
            properties,
            logEvent.TraceId ?? default,
            logEvent.SpanId ?? default));
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>Templates are constants in our code; a caller that interpolates text into one
    /// (a library, say) gets it redacted like any value.</summary>
    private MessageTemplate RedactTemplate(MessageTemplate template)
    {
        var text = redactor.Redact(template.Text);
        return string.Equals(text, template.Text, StringComparison.Ordinal) ? template : _parser.Parse(text);
    }

    private LogEventPropertyValue Redact(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: null } => value,
        ScalarValue { Value: string s } => RedactScalar(value, s),
        ScalarValue { Value: var v } when IsPlainData(v) => value,
        ScalarValue { Value: var v } => RedactScalar(value, v.ToString()),
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Redact)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(kv =>
            new KeyValuePair<ScalarValue, LogEventPropertyValue>((ScalarValue)Redact(kv.Key), Redact(kv.Value)))),
        _ => value,
    };

    private ScalarValue RedactScalar(LogEventPropertyValue original, string? text)
    {
        var redacted = redactor.Redact(text);
        return string.Equals(redacted, text ?? "", StringComparison.Ordinal) ? (ScalarValue)original : new ScalarValue(redacted);
    }

    /// <summary>Numbers, flags, times and ids keep their type (and their formatting).</summary>
    private static bool IsPlainData(object value) =>
        value is bool or char or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum || value.GetType().IsPrimitive;
}
