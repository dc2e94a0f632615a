using WireMock;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>What the sandbox reads of an HTTP request, free of WireMock types.</summary>
internal sealed record SandboxRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    string? Authorization,
    string? Body)
{
    public static SandboxRequest From(IRequestMessage message)
    {
        string? authorization = null;
        foreach (var (name, values) in message.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
        {
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) && values.Count > 0)
            {
                authorization = values[0];
            }
        }

        return new SandboxRequest(
            message.Method.ToUpperInvariant(),
            message.Path,
            QueryString.Parse(message.RawQuery),
            authorization,
            message.Body);
    }
}
