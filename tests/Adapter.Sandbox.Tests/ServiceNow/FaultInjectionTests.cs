using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Get_WithSameSeed_FaultsTheSameRequests()
    {
        var faults = new ServiceNowFaultOptions
        {
            Rate = 0.4,
            Kinds = SandboxFaultKinds.TooManyRequests | SandboxFaultKinds.InternalServerError | SandboxFaultKinds.ServiceUnavailable,
            Seed = 7,
        };

        var first = await StatusSequenceAsync(faults, 40);
        var second = await StatusSequenceAsync(faults, 40);

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.OK, first);
        Assert.Contains(first, s => s != HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_WithDifferentSeed_FaultsOtherRequests()
    {
        var first = await StatusSequenceAsync(new ServiceNowFaultOptions { Rate = 0.5, Kinds = SandboxFaultKinds.ServiceUnavailable, Seed = 1 }, 40);
        var second = await StatusSequenceAsync(new ServiceNowFaultOptions { Rate = 0.5, Kinds = SandboxFaultKinds.ServiceUnavailable, Seed = 2 }, 40);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Get_WithRateZero_NeverFaults()
    {
        var statuses = await StatusSequenceAsync(new ServiceNowFaultOptions { Rate = 0, Kinds = SandboxFaultKinds.Transient }, 20);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Patch_RejectedByDataPolicy_403QuotingShortDescriptionAndChangesNothing()
    {
        using var sandbox = Start(new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.RejectedByDataPolicy });
        var sysId = sandbox.AddIncident(new Dictionary<string, string> { ["short_description"] = "caller MRN 0000-FAKE" });
        using var client = SandboxHttp.Client(sandbox);

        using var response = await client.PatchJsonAsync(SandboxHttp.Incident(sysId), new Dictionary<string, string> { ["category"] = "clinical", ["work_notes"] = "note" });
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Operation Failed", body["error"]?["message"].Text());
        Assert.Contains("caller MRN 0000-FAKE", body["error"]?["detail"].Text(), StringComparison.Ordinal);
        Assert.Equal("0", sandbox.GetIncident(sysId)["sys_mod_count"]);
        Assert.Empty(sandbox.WorkNotes(sysId));
    }

    [Fact]
    public async Task Patch_WhenFaulted_ChangesNothing()
    {
        using var sandbox = Start(new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.ServiceUnavailable });
        var sysId = sandbox.AddIncident(new Dictionary<string, string>());
        using var client = SandboxHttp.Client(sandbox);

        using var response = await client.PatchJsonAsync(SandboxHttp.Incident(sysId), new Dictionary<string, string> { ["category"] = "clinical", ["work_notes"] = "note" });
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("failure", body["status"].Text());
        Assert.Equal(string.Empty, sandbox.GetIncident(sysId)["category"]);
        Assert.Equal("0", sandbox.GetIncident(sysId)["sys_mod_count"]);
        Assert.Empty(sandbox.WorkNotes(sysId));
        Assert.Equal(1, sandbox.CountFaults);
    }

    [Fact]
    public async Task Get_WithTooManyRequestsFault_SendsConfiguredRetryAfter()
    {
        using var sandbox = Start(new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.TooManyRequests, RetryAfterSeconds = 0 });
        using var client = SandboxHttp.Client(sandbox);

        using var response = await client.GetAsync(SandboxHttp.Incidents());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.Zero, response.Headers.RetryAfter?.Delta);
        Assert.Equal("failure", (await response.ReadJsonAsync())["status"].Text());
    }

    [Fact]
    public async Task Get_WithDroppedConnectionFault_FailsWithoutAnAnswer()
    {
        using var sandbox = Start(new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.DroppedConnection });
        using var client = SandboxHttp.Client(sandbox);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(SandboxHttp.Incidents()));
        Assert.Equal(1, sandbox.CountFaults);
    }

    [Fact]
    public async Task Get_WithMalformedResponseFault_SendsABodyThatIsNotJson()
    {
        using var sandbox = Start(new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.MalformedResponse });
        using var client = SandboxHttp.Client(sandbox);

        using var response = await client.GetAsync(SandboxHttp.Incidents());
        var text = await response.Content.ReadAsStringAsync();

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text).Dispose());
    }

    [Fact]
    public async Task Patch_WithSlowFault_AppliesAndAnswersLate()
    {
        using var sandbox = Start(new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.SlowResponse, SlowDelay = TimeSpan.FromMilliseconds(300) });
        var sysId = sandbox.AddIncident(new Dictionary<string, string>());
        using var client = SandboxHttp.Client(sandbox);
        var watch = Stopwatch.StartNew();

        using var response = await client.PatchJsonAsync(SandboxHttp.Incident(sysId), new Dictionary<string, string> { ["category"] = "clinical" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed}");
        Assert.Equal("clinical", sandbox.GetIncident(sysId)["category"]);
    }

    [Fact]
    public async Task CountRequests_WithFaults_CountsFaultedRequestsToo()
    {
        using var sandbox = Start(new ServiceNowFaultOptions { Rate = 0.5, Kinds = SandboxFaultKinds.InternalServerError | SandboxFaultKinds.DroppedConnection, Seed = 3 });
        using var client = SandboxHttp.Client(sandbox);

        for (var i = 0; i < 10; i++)
        {
            try
            {
                using var _ = await client.GetAsync(SandboxHttp.Incidents());
            }
            catch (HttpRequestException)
            {
                // a dropped connection
            }
        }

        Assert.Equal(10, sandbox.CountRequests("GET", SandboxHttp.IncidentPath));
        Assert.Equal(0, sandbox.CountRequests("PATCH", SandboxHttp.IncidentPath));
        Assert.InRange(sandbox.CountFaults, 1, 9);
    }

    private static ServiceNowSandbox Start(ServiceNowFaultOptions faults) =>
        ServiceNowSandbox.Start(new ServiceNowSandboxOptions { Faults = faults });

    private static async Task<IReadOnlyList<HttpStatusCode>> StatusSequenceAsync(ServiceNowFaultOptions faults, int requests)
    {
        using var sandbox = Start(faults);
        using var client = SandboxHttp.Client(sandbox);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync(SandboxHttp.Incidents());
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(statuses.Count(s => s != HttpStatusCode.OK), sandbox.CountFaults);
        return statuses;
    }
}
