using System.Net;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class SeedAndGroupTests : IDisposable
{
    private readonly ServiceNowSandbox _sandbox = ServiceNowSandbox.Start();
    private readonly string _csvPath = Path.Combine(Path.GetTempPath(), $"sandbox-seed-{Guid.NewGuid():N}.csv");

    public void Dispose()
    {
        _sandbox.Dispose();
        File.Delete(_csvPath);
    }

    [Fact]
    public void SeedFromCsv_WithQuotedFields_AddsOneIncidentPerRow()
    {
        File.WriteAllText(_csvPath,
            "id,title,description,severity\r\n" +
            "T-1,\"eMAR down, 4 West\",\"Nurses cannot scan.\r\nSecond line with \"\"quotes\"\"\",1\r\n" +
            "T-2,Portal password,Reset please,4\r\n");

        _sandbox.SeedFromCsv(_csvPath);

        var incidents = _sandbox.Incidents;
        Assert.Equal(2, incidents.Count);
        Assert.Equal("", incidents[0]["correlation_id"]);
        Assert.Equal("eMAR down, 4 West", incidents[0]["short_description"]);
        Assert.Equal("Nurses cannot scan.\r\nSecond line with \"quotes\"", incidents[0]["description"]);
        Assert.Equal("3", incidents[0]["severity"]);
        Assert.Equal("Portal password", incidents[1]["short_description"]);
    }

    [Fact]
    public void SeedFromCsv_WithCategoryAndGroupNames_AddsGroupsAndReferencesThem()
    {
        File.WriteAllText(_csvPath, "id,title,description,category,assignment_group\nT-1,a,b,clinical,Interface Team\nT-2,c,d,,Interface Team\n");

        _sandbox.SeedFromCsv(_csvPath);

        var groupId = _sandbox.AddGroup("Interface Team");
        Assert.All(_sandbox.Incidents, i => Assert.Equal(groupId, i["assignment_group"]));
        Assert.Equal("clinical", _sandbox.Incidents[0]["category"]);
        Assert.Equal(string.Empty, _sandbox.Incidents[1]["category"]);
    }

    [Fact]
    public void SeedFromCsv_WithoutRequiredColumns_Throws()
    {
        File.WriteAllText(_csvPath, "id,title\nT-1,a\n");

        Assert.Throws<InvalidDataException>(() => _sandbox.SeedFromCsv(_csvPath));
    }

    [Fact]
    public async Task Get_GroupByName_ReturnsItsSysIdAndName()
    {
        var groupId = _sandbox.AddGroup("Identity & Access");
        _sandbox.AddGroup("Front Desk / HIM");
        using var client = SandboxHttp.Client(_sandbox);

        using var response = await client.GetAsync(SandboxHttp.Table("sys_user_group", ("sysparm_query", "name=Identity & Access"), ("sysparm_fields", "sys_id,name")));
        var group = Assert.Single((await response.ReadJsonAsync())["result"]!.AsArray())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(groupId, group["sys_id"].Text());
        Assert.Equal("Identity & Access", group["name"].Text());
    }

    [Fact]
    public void AddGroup_WithSameNameTwice_ReturnsTheSameSysId()
    {
        Assert.Equal(_sandbox.AddGroup("Informatics"), _sandbox.AddGroup("Informatics"));
    }
}
