using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Adapter.Core.Platforms.Jira;

/// <summary>Atlassian Document Format: v3 carries descriptions and comments as ADF documents.</summary>
public static class Adf
{
    /// <summary>A document of one paragraph of plain text.</summary>
    public static JsonElement Paragraph(string text)
    {
        var doc = new JsonObject
        {
            ["type"] = "doc",
            ["version"] = 1,
            ["content"] = new JsonArray(new JsonObject
            {
                ["type"] = "paragraph",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            }),
        };
        return JsonSerializer.SerializeToElement(doc);
    }

    /// <summary>The text of every <c>text</c> node, blocks separated by a line break.</summary>
    public static string PlainText(JsonElement node)
    {
        var builder = new StringBuilder();
        Append(node, builder);
        return builder.ToString().Trim();
    }

    private static void Append(JsonElement node, StringBuilder builder)
    {
        if (node.ValueKind == JsonValueKind.String)
        {
            builder.Append(node.GetString());
            return;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            builder.Append(text.GetString());
        }

        if (node.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in content.EnumerateArray())
            {
                Append(child, builder);
            }

            builder.Append('\n');
        }
    }
}
