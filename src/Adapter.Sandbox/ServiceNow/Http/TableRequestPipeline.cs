using System.Text.Json.Nodes;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>What to send and how long to hold it back.</summary>
internal readonly record struct PipelineOutcome(SandboxResponse Response, TimeSpan Delay);

/// <summary>
/// One table request, in the instance's order: authenticate, apply the rate-limit rule, draw a fault, then
/// (unless a fault replaced it) handle it. The fault is drawn before anything is applied, so a faulted write
/// changes nothing; a slow answer is applied and then held back.
/// </summary>
internal sealed class TableRequestPipeline(
    RequestAuthenticator authenticator,
    RateLimiter? rateLimiter,
    FaultInjector faults,
    ServiceNowFaultOptions faultOptions,
    TableApiHandler handler)
{
    private readonly int _retryAfterSeconds = faultOptions.RetryAfterSeconds;
    private readonly TimeSpan _slowDelay = faultOptions.SlowDelay;

    public PipelineOutcome Process(SandboxRequest request)
    {
        var user = authenticator.Authenticate(request.Authorization);
        if (user is null)
        {
            return new PipelineOutcome(ServiceNowErrors.NotAuthenticated(), TimeSpan.Zero);
        }

        var rate = rateLimiter?.Acquire(user);
        if (rate is { Allowed: false } refused)
        {
            var limited = ServiceNowErrors.TooManyRequests(
                refused.RetryAfterSeconds,
                $"The rate limit of {refused.Limit} requests per second for user {user} was exceeded");
            return new PipelineOutcome(refused.ApplyHeaders(limited), TimeSpan.Zero);
        }

        var fault = faults.Next();
        var response = fault switch
        {
            SandboxFaultKinds.TooManyRequests => ServiceNowErrors.TooManyRequests(_retryAfterSeconds, "The sandbox injected a rate-limit answer"),
            SandboxFaultKinds.InternalServerError => ServiceNowErrors.InternalServerError(),
            SandboxFaultKinds.ServiceUnavailable => ServiceNowErrors.ServiceUnavailable(),
            SandboxFaultKinds.DroppedConnection => new SandboxResponse(200, null) { DropConnection = true },
            SandboxFaultKinds.RejectedByDataPolicy => handler.RejectByDataPolicy(request),
            SandboxFaultKinds.MalformedResponse => new SandboxResponse(200, new JsonObject { ["result"] = new JsonArray() }) { Malformed = true },
            _ => handler.Handle(request, user),
        };

        if (rate is { } accepted)
        {
            accepted.ApplyHeaders(response);
        }

        return new PipelineOutcome(response, fault == SandboxFaultKinds.SlowResponse ? _slowDelay : TimeSpan.Zero);
    }
}
