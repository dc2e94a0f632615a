using System.Net;
using System.Net.Http.Json;
using System.Text;
using Adapter.Sandbox.ServiceNow;
using Microsoft.Extensions.Time.Testing;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class IncidentUpdateTests : IDisposable
{
    private readonly FakeTimeProvider _clock = SandboxHttp.Clock();
    private readonly ServiceNowSandbox _sandbox;
    private readonly HttpClient _client;
    private readonly string _sysId;

    public IncidentUpdateTests()
    {
        _sandbox = ServiceNowSandbox.Start(new ServiceNowSandboxOptions { TimeProvider = _clock });
        _client = SandboxHttp.Client(_sandbox);
        _sysId = _sandbox.AddIncident(new Dictionary<string, string> { ["short_description"] = "eMAR scanning fails on 4 West" });
    }

    public void Dispose()
    {
        _client.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Patch_WithChangedFields_BumpsModCountAndStampsUpdatedOnAndBy()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await _client.PatchJsonAsync(SandboxHttp.Incident(_sysId), new Dictionary<string, string> { ["category"] = "clinical", ["subcategory"] = "medication" });
        var result = (await response.ReadJsonAsync())["result"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("clinical", result["category"].Text());
        Assert.Equal("1", result["sys_mod_count"].Text());
        Assert.Equal("2024-03-01 10:05:00", result["sys_updated_on"].Text());
        Assert.Equal(SandboxHttp.UserName, result["sys_updated_by"].Text());
        Assert.Equal("1", _sandbox.GetIncident(_sysId)["sys_mod_count"]);
    }

    [Fact]
    public async Task Patch_WithWorkNotes_AppendsJournalEntryAndReadsBackEmpty()
    {
        using var response = await _client.PatchJsonAsync(SandboxHttp.Incident(_sysId), new Dictionary<string, string> { ["work_notes"] = "Routed by triage rule R12" });
        var result = (await response.ReadJsonAsync())["result"]!;

        Assert.Equal(string.Empty, result["work_notes"].Text());
        Assert.Equal("1", result["sys_mod_count"].Text());
        var note = Assert.Single(_sandbox.WorkNotes(_sysId));
        Assert.Equal(new JournalEntry("work_notes", "Routed by triage rule R12", SandboxHttp.UserName, SandboxHttp.Start), note);
        Assert.Equal(string.Empty, _sandbox.GetIncident(_sysId)["work_notes"]);
    }

    [Fact]
    public async Task Patch_WithNewAssignmentGroup_IncrementsReassignmentCountOncePerChange()
    {
        var first = _sandbox.AddGroup("Clinical Application Support");
        var second = _sandbox.AddGroup("Interface Team");

        foreach (var group in new[] { first, first, second })
        {
            using var response = await _client.PatchJsonAsync(SandboxHttp.Incident(_sysId), new Dictionary<string, string> { ["assignment_group"] = group });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var incident = _sandbox.GetIncident(_sysId);
        Assert.Equal("2", incident["reassignment_count"]);
        Assert.Equal("2", incident["sys_mod_count"]);
        Assert.Equal(second, incident["assignment_group"]);
    }

    [Fact]
    public async Task Patch_WithUnknownAndSystemFields_IgnoresThemSilently()
    {
        using var response = await _client.PatchJsonAsync(SandboxHttp.Incident(_sysId), new Dictionary<string, string>
        {
            ["u_triage_bucket"] = "clinical",
            ["sys_mod_count"] = "99",
            ["urgency"] = "1",
        });
        var result = (await response.ReadJsonAsync())["result"]!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(result.ContainsKey("u_triage_bucket"));
        Assert.Equal("1", result["sys_mod_count"].Text());
        Assert.Equal("1", result["urgency"].Text());
        Assert.Equal("3", result["priority"].Text());
    }

    [Fact]
    public async Task Patch_ChangingNothing_LeavesBookkeepingAlone()
    {
        using var response = await _client.PatchJsonAsync(SandboxHttp.Incident(_sysId), new Dictionary<string, string> { ["impact"] = "3" });
        var result = (await response.ReadJsonAsync())["result"]!;

        Assert.Equal("0", result["sys_mod_count"].Text());
        Assert.Equal("service.desk", result["sys_updated_by"].Text());
    }

    [Fact]
    public async Task Put_WithFields_AppliesThemLikePatch()
    {
        using var response = await _client.PutAsync(SandboxHttp.Incident(_sysId, ("sysparm_fields", "category,sys_mod_count")), JsonContent.Create(new Dictionary<string, string> { ["category"] = "administrative" }));
        var result = (await response.ReadJsonAsync())["result"]!.AsObject();

        Assert.Equal(["category", "sys_mod_count"], result.Select(p => p.Key));
        Assert.Equal("administrative", result["category"].Text());
        Assert.Equal("1", result["sys_mod_count"].Text());
    }

    [Fact]
    public async Task Patch_UnknownSysId_ReturnsRecordedNotFoundBody()
    {
        using var response = await _client.PatchJsonAsync(SandboxHttp.Incident("0123456789abcdef0123456789abcdef"), new Dictionary<string, string> { ["category"] = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(SandboxHttp.Fixture("sys_id-404.json"), await response.ReadJsonAsync()));
    }

    [Fact]
    public async Task Patch_WithInvalidJson_Returns400EnvelopeAndChangesNothing()
    {
        using var content = new StringContent("{\"category\":", Encoding.UTF8, "application/json");
        using var response = await _client.PatchAsync(SandboxHttp.Incident(_sysId), content);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("failure", body["status"].Text());
        Assert.NotNull(body["error"]!["message"]);
        Assert.Equal("0", _sandbox.GetIncident(_sysId)["sys_mod_count"]);
    }

    [Fact]
    public async Task Patch_FromManyClientsAtOnce_LosesNoWrite()
    {
        var writes = Enumerable.Range(1, 25).Select(async i =>
        {
            using var response = await _client.PatchJsonAsync(SandboxHttp.Incident(_sysId), new Dictionary<string, string> { ["work_notes"] = $"note {i}" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        await Task.WhenAll(writes);

        Assert.Equal("25", _sandbox.GetIncident(_sysId)["sys_mod_count"]);
        Assert.Equal(25, _sandbox.WorkNotes(_sysId).Select(n => n.Value).Distinct().Count());
    }

    [Fact]
    public void EditAsHuman_WithFields_StampsThatUserAndJournals()
    {
        _clock.Advance(TimeSpan.FromHours(1));

        _sandbox.EditAsHuman(_sysId, "nurse.manager", new Dictionary<string, string> { ["category"] = "clinical", ["work_notes"] = "Wrong unit" });

        var incident = _sandbox.GetIncident(_sysId);
        Assert.Equal("nurse.manager", incident["sys_updated_by"]);
        Assert.Equal("2024-03-01 11:00:00", incident["sys_updated_on"]);
        Assert.Equal("1", incident["sys_mod_count"]);
        Assert.Equal("nurse.manager", Assert.Single(_sandbox.WorkNotes(_sysId)).CreatedBy);
    }

    [Fact]
    public void EditAsHuman_WithUnknownField_Throws()
    {
        Assert.Throws<ArgumentException>(() => _sandbox.EditAsHuman(_sysId, "someone", new Dictionary<string, string> { ["u_bucket"] = "x" }));
    }

    [Fact]
    public void AddIncident_WithoutFields_FillsTheInstanceDefaults()
    {
        var sysId = _sandbox.AddIncident(new Dictionary<string, string>());

        var incident = _sandbox.GetIncident(sysId);
        Assert.Matches("^[0-9a-f]{32}$", sysId);
        Assert.Matches("^INC00[0-9]{5}$", incident["number"]);
        Assert.Equal("2024-03-01 10:00:00", incident["sys_created_on"]);
        Assert.Equal("2024-03-01 10:00:00", incident["sys_updated_on"]);
        Assert.Equal("0", incident["sys_mod_count"]);
        Assert.Equal("1", incident["state"]);
        Assert.Equal("true", incident["active"]);
        Assert.Equal("3", incident["impact"]);
        Assert.Equal("3", incident["urgency"]);
        Assert.Equal("0", incident["reassignment_count"]);
        Assert.Equal(string.Empty, incident["category"]);
        Assert.Equal(string.Empty, incident["assignment_group"]);
        Assert.Equal(2, _sandbox.Incidents.Count);
    }
}
