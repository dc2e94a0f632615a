using System.Text.Json;
using Adapter.Core.Platforms.ServiceNow;

namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>Turns a ServiceNow error body into a short message (message and detail only).</summary>
internal static class ServiceNowErrors
{
    public static string Describe(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<ServiceNowErrorBody>(body, ServiceNowJson.Options);
            return parsed?.Error is { } e ? $"{e.Message}: {e.Detail}" : "";
        }
        catch (JsonException)
        {
            return "(unreadable error body)";
        }
    }
}
