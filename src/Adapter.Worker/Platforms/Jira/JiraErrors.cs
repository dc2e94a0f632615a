using System.Text.Json;
using Adapter.Core.Platforms.Jira;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>Turns an <c>ErrorCollection</c> body into a short message (messages and field errors only).</summary>
internal static class JiraErrors
{
    public static string Describe(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<JiraErrorCollection>(body, JiraJson.Options);
            return parsed is null ? "" : string.Join("; ", parsed.ErrorMessages.Concat(parsed.Errors.Select(kv => $"{kv.Key}: {kv.Value}")));
        }
        catch (JsonException)
        {
            return "(unreadable error body)";
        }
    }
}
