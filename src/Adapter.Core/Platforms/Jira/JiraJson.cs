using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Adapter.Core.Platforms.Jira;

/// <summary>JSON settings and time formats of the Jira wire: times like
/// <c>2023-06-24T19:24:50.000+0000</c> (an offset without a colon, which the default
/// <see cref="DateTimeOffset"/> parsing rejects) and JQL dates <c>yyyy/MM/dd HH:mm</c>.</summary>
public static class JiraJson
{
    public const string JqlTimeFormat = "yyyy/MM/dd HH:mm";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string FormatTime(DateTimeOffset time)
    {
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        return text.Remove(text.Length - 3, 1);
    }

    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        // +hhmm → +hh:mm so that the invariant "zzz" reads it.
        var normalized = text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && char.IsAsciiDigit(text[^1]) ? text.Insert(text.Length - 2, ":") : text;
        return DateTimeOffset.TryParseExact(normalized, ["yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}

/// <summary>Reads and writes Jira times (<c>2023-06-24T19:24:50.000+0000</c>).</summary>
public sealed class JiraTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return JiraJson.TryParseTime(text, out var time) ? time : throw new JsonException($"'{text}' is not a Jira time (yyyy-MM-ddTHH:mm:ss.fff+hhmm).");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(JiraJson.FormatTime(v));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
