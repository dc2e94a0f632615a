using System.Text.Json;
using Adapter.Core.Platforms.ServiceNow;

namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>Turns a ServiceNow error body into a short message (message and detail only, cut
/// to <see cref="MaxLength"/>). A data policy or business-rule error can echo field values; the
/// logging pipeline and the store's redactor take identifiers out of what is left.</summary>
internal static class ServiceNowErrors
{
    public const int MaxLength = 300;

    public static string Describe(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<ServiceNowErrorBody>(body, ServiceNowJson.Options);
            var text = parsed?.Error is { } e ? $"{e.Message}: {e.Detail}" : "";
            return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
        }
        catch (JsonException)
        {
            return "(unreadable error body)";
        }
    }
}
