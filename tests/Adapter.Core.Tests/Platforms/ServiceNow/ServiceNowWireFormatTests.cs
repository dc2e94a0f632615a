using System.Text.Json;
using Adapter.Core.Platforms.ServiceNow;

namespace Adapter.Core.Tests.Platforms.ServiceNow;

/// <summary>The DTOs read responses recorded from a real instance (specs/servicenow-fixtures).</summary>
public sealed class ServiceNowWireFormatTests
{
    [Fact]
    public void Deserialize_RecordedIncident_ReadsStringsReferencesAndTimes()
    {
        var json = File.ReadAllText(RepositoryFiles.Fixture("GET-incident-200.json"));

        var list = JsonSerializer.Deserialize<ServiceNowResult<List<ServiceNowIncident>>>(json, ServiceNowJson.Options)!;

        var incident = Assert.Single(list.Result!);
        Assert.Equal("8e67d33b97d1b5108686b680f053af2b", incident.SysId);
        Assert.Equal("INC0010003", incident.Number);
        Assert.Equal(1, incident.SysModCount);
        Assert.Equal(0, incident.ReassignmentCount);
        Assert.Equal("3", incident.Impact);
        Assert.Equal("", incident.AssignmentGroup);
        Assert.Equal(new DateTimeOffset(2023, 9, 26, 20, 52, 14, TimeSpan.Zero), incident.SysUpdatedOn);
        Assert.Equal("admin", incident.SysUpdatedBy);
    }

    [Theory]
    [InlineData("{\"assignment_group\":\"\"}", "")]
    [InlineData("{\"assignment_group\":\"287ebd7da9fe198100f92cc8d1d2154e\"}", "287ebd7da9fe198100f92cc8d1d2154e")]
    [InlineData("{\"assignment_group\":{\"link\":\"https://x.service-now.com/api/now/table/sys_user_group/287e\",\"value\":\"287e\"}}", "287e")]
    public void Deserialize_ReferenceInAnyWireShape_KeepsTheSysId(string json, string expected)
    {
        var incident = JsonSerializer.Deserialize<ServiceNowIncident>(json, ServiceNowJson.Options)!;

        Assert.Equal(expected, incident.AssignmentGroup);
    }

    [Fact]
    public void Deserialize_TimeNotInInstanceFormat_FailsClearly()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ServiceNowIncident>("{\"sys_updated_on\":\"2023-09-26T20:52:14Z\"}", ServiceNowJson.Options));

        Assert.Contains("yyyy-MM-dd HH:mm:ss", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_RecordedErrorBody_ReadsMessageAndDetail()
    {
        var body = JsonSerializer.Deserialize<ServiceNowErrorBody>(File.ReadAllText(RepositoryFiles.Fixture("sys_id-404.json")), ServiceNowJson.Options)!;

        Assert.Equal("failure", body.Status);
        Assert.Equal("No Record found", body.Error!.Message);
        Assert.Contains("ACL", body.Error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatTime_AnyOffset_WritesUtcInInstanceFormat()
    {
        var text = ServiceNowJson.FormatTime(new DateTimeOffset(2026, 12, 4, 10, 0, 5, TimeSpan.FromHours(-5)));

        Assert.Equal("2026-12-04 15:00:05", text);
    }
}
