namespace Adapter.Sandbox.ServiceNow;

/// <summary>The faults a <see cref="ServiceNowSandbox"/> can inject into table requests.</summary>
[Flags]
public enum SandboxFaultKinds
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>429 with <c>Retry-After</c> and the error envelope.</summary>
    TooManyRequests = 1,

    /// <summary>500 with the error envelope.</summary>
    InternalServerError = 2,

    /// <summary>503 with the error envelope.</summary>
    ServiceUnavailable = 4,

    /// <summary>The normal answer, held back by <see cref="ServiceNowFaultOptions.SlowDelay"/>.</summary>
    SlowResponse = 8,

    /// <summary>The connection is closed before any byte of the answer is sent.</summary>
    DroppedConnection = 16,

    /// <summary>A 200 whose body is cut and padded with random bytes (WireMock's MALFORMED_RESPONSE_CHUNK).</summary>
    MalformedResponse = 32,

    /// <summary>
    /// 403 <c>Operation Failed</c> whose detail quotes a record's short description, as a site's business rule or data
    /// policy that puts field values into its abort message does: the record the request names, or for a list the
    /// first incident. Not transient, and not part of <see cref="Transient"/>.
    /// </summary>
    RejectedByDataPolicy = 64,

    /// <summary>What a real instance and its network do under load: 429, 500, 503, slow answers and dropped connections.</summary>
    Transient = TooManyRequests | InternalServerError | ServiceUnavailable | SlowResponse | DroppedConnection,
}
