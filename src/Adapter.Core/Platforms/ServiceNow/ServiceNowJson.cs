using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Adapter.Core.Platforms.ServiceNow;

/// <summary>JSON settings for the Table API wire format: every value is a string, references are
/// <c>""</c>, a sys_id string, or <c>{"link","value"}</c>, and times are <c>yyyy-MM-dd HH:mm:ss</c> UTC.</summary>
public static class ServiceNowJson
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        var ok = DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed);
        time = ok ? new DateTimeOffset(parsed, TimeSpan.Zero) : default;
        return ok;
    }
}

/// <summary>Reads a reference field in any of its wire shapes and keeps only the sys_id.</summary>
public sealed class ServiceNowReferenceConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString() ?? "";
            case JsonTokenType.Null:
                return "";
            case JsonTokenType.StartObject:
                var value = "";
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("value"))
                    {
                        reader.Read();
                        value = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                return value;
            default:
                throw new JsonException($"Unexpected {reader.TokenType} for a ServiceNow reference field.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Reads a <c>yyyy-MM-dd HH:mm:ss</c> UTC string (empty means no time).</summary>
public sealed class ServiceNowTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return ServiceNowJson.TryParseTime(text, out var time) ? time : throw new JsonException($"'{text}' is not a ServiceNow time ({ServiceNowJson.TimeFormat} UTC).");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(ServiceNowJson.FormatTime(v));
        }
        else
        {
            writer.WriteStringValue("");
        }
    }
}

/// <summary>Reads a number that the wire carries as a string (<c>"impact":"3"</c>).</summary>
public sealed class ServiceNowIntConverter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt32();
        }

        var text = reader.GetString();
        return string.IsNullOrEmpty(text) ? 0
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw new JsonException($"'{text}' is not a number.");
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
