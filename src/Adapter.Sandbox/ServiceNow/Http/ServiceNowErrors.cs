using System.Globalization;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>The error answers of an instance, with the messages it sends (recorded ones where there is a fixture).</summary>
internal static class ServiceNowErrors
{
    /// <summary>401, as recorded in 401.json.</summary>
    public static SandboxResponse NotAuthenticated() =>
        SandboxResponse.Error(401, "User Not Authenticated", "Required to provide Auth information")
            .WithHeader("WWW-Authenticate", "Basic realm=\"Service-now\"");

    /// <summary>404, as recorded in sys_id-404.json.</summary>
    public static SandboxResponse RecordNotFound() =>
        SandboxResponse.Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");

    /// <summary>400 with the message recorded in tableName-404.json (its detail is null).</summary>
    public static SandboxResponse InvalidTable(string table) =>
        SandboxResponse.Error(400, $"Invalid table {table}", null);

    public static SandboxResponse InvalidBody() =>
        SandboxResponse.Error(400, "Exception while reading request", "The payload is not valid JSON.");

    public static SandboxResponse MethodNotSupported(string method) =>
        SandboxResponse.Error(405, "Method not Supported", $"{method} is not supported by this sandbox for this resource");

    public static SandboxResponse TooManyRequests(int retryAfterSeconds, string detail) =>
        SandboxResponse.Error(429, "Too many requests received", detail)
            .WithHeader("Retry-After", retryAfterSeconds.ToString(CultureInfo.InvariantCulture));

    public static SandboxResponse DataPolicyAbort(string quotedValue) =>
        SandboxResponse.Error(403, "Operation Failed", $"Business rule 'Validate caller details' aborted the operation: Short description '{quotedValue}' must not carry patient details");

    public static SandboxResponse InternalServerError() =>
        SandboxResponse.Error(500, "Internal Server Error", "The sandbox injected a server error");

    public static SandboxResponse ServiceUnavailable() =>
        SandboxResponse.Error(503, "Service Unavailable", "The sandbox injected an outage");
}
