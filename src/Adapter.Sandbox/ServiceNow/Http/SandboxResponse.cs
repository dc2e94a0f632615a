using System.Text.Json.Nodes;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>An answer before it is handed to WireMock: status, JSON body, headers and how it is delivered.</summary>
internal sealed class SandboxResponse(int statusCode, JsonNode? body)
{
    public int StatusCode { get; } = statusCode;

    public JsonNode? Body { get; } = body;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Close the connection instead of answering.</summary>
    public bool DropConnection { get; init; }

    /// <summary>Cut the body and pad it with random bytes.</summary>
    public bool Malformed { get; init; }

    /// <summary><c>{"result": ...}</c>, the envelope of every successful table answer.</summary>
    public static SandboxResponse Result(JsonNode result) => new(200, new JsonObject { ["result"] = result });

    /// <summary><c>{"error":{"message","detail"},"status":"failure"}</c>, the envelope of every table error.</summary>
    public static SandboxResponse Error(int statusCode, string message, string? detail) => new(
        statusCode,
        new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["detail"] = detail },
            ["status"] = "failure",
        });

    public SandboxResponse WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }
}
