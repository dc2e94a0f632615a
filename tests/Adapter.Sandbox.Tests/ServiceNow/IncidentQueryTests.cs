using System.Net;
using Adapter.Sandbox.ServiceNow;

namespace Adapter.Sandbox.Tests.ServiceNow;

public sealed class IncidentQueryTests : IDisposable
{
    private readonly ServiceNowSandbox _sandbox = ServiceNowSandbox.Start(new ServiceNowSandboxOptions { TimeProvider = SandboxHttp.Clock() });
    private readonly HttpClient _client;

    public IncidentQueryTests() => _client = SandboxHttp.Client(_sandbox);

    public void Dispose()
    {
        _client.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Get_WithGreaterOrEqualOnUpdatedOn_ReturnsIncidentsUpdatedSinceThen()
    {
        Add("old", ("sys_updated_on", "2024-03-01 09:59:59"));
        Add("same", ("sys_updated_on", "2024-03-01 10:00:00"));
        Add("new", ("sys_updated_on", "2024-03-02 08:00:00"));

        var ids = await ListAsync(("sysparm_query", "sys_updated_on>=2024-03-01 10:00:00"));

        Assert.Equal(["same", "new"], ids);
    }

    [Fact]
    public async Task Get_WithDateGenerateValue_ComparesAsDateTime()
    {
        Add("before", ("sys_created_on", "2024-02-29 23:00:00"));
        Add("after", ("sys_created_on", "2024-03-01 00:00:01"));

        var ids = await ListAsync(("sysparm_query", "sys_created_on>javascript:gs.dateGenerate('2024-03-01','00:00:00')"));

        Assert.Equal(["after"], ids);
    }

    [Fact]
    public async Task Get_WithTermsJoinedByCaretAndOrderBy_FiltersAndSortsAscending()
    {
        Add("b", ("category", "network"), ("sys_updated_on", "2024-03-01 12:00:00"));
        Add("x", ("category", "software"), ("sys_updated_on", "2024-03-01 11:00:00"));
        Add("a", ("category", "network"), ("sys_updated_on", "2024-03-01 11:00:00"));
        Add("closed", ("category", "network"), ("active", "false"));

        var ids = await ListAsync(("sysparm_query", "active=true^category=network^ORDERBYsys_updated_on"));

        Assert.Equal(["a", "b"], ids);
    }

    [Fact]
    public async Task Get_WithOrderByDesc_SortsDescending()
    {
        Add("first");
        Add("second");
        Add("third");

        var ids = await ListAsync(("sysparm_query", "ORDERBYDESCnumber"));

        Assert.Equal(["third", "second", "first"], ids);
    }

    [Fact]
    public async Task Get_WithActiveTrue_LeavesOutInactiveIncidents()
    {
        Add("open");
        Add("closed", ("active", "false"));

        var ids = await ListAsync(("sysparm_query", "active=true"));

        Assert.Equal(["open"], ids);
    }

    [Fact]
    public async Task Get_WithNumericField_ComparesAndSortsAsNumbers()
    {
        Add("ten", ("sys_mod_count", "10"));
        Add("nine", ("sys_mod_count", "9"));
        Add("two", ("sys_mod_count", "2"));

        var greater = await ListAsync(("sysparm_query", "sys_mod_count>5^ORDERBYsys_mod_count"));

        Assert.Equal(["nine", "ten"], greater);
    }

    [Theory]
    [InlineData("categoryINnetwork,hardware", "net,hw")]
    [InlineData("short_descriptionLIKEprinter", "hw")]
    [InlineData("short_descriptionSTARTSWITHvpn", "net")]
    [InlineData("categoryISEMPTY", "blank")]
    [InlineData("categoryISNOTEMPTY", "net,hw")]
    [InlineData("category!=network", "hw")]
    [InlineData("category=network^ORcategory=hardware", "net,hw")]
    public async Task Get_WithOperator_MatchesLikeTheInstance(string query, string expected)
    {
        Add("net", ("category", "network"), ("short_description", "VPN drops every hour"));
        Add("hw", ("category", "hardware"), ("short_description", "Label Printer jams"));
        Add("blank", ("short_description", "Something else"));

        var ids = await ListAsync(("sysparm_query", query));

        Assert.Equal(expected.Split(','), ids);
    }

    [Fact]
    public async Task Get_WithFields_ReturnsOnlyThoseKeys()
    {
        Add("only");

        using var response = await _client.GetAsync(SandboxHttp.Incidents(("sysparm_fields", "sys_id,number,category,not_a_field")));
        var row = (await response.ReadJsonAsync())["result"]![0]!.AsObject();

        Assert.Equal(["sys_id", "number", "category"], row.Select(p => p.Key));
    }

    [Fact]
    public async Task Get_WithLimitAndOffset_ReturnsThatPageWithTotalCountAndLinks()
    {
        for (var i = 1; i <= 5; i++)
        {
            Add($"t{i}");
        }

        using var response = await _client.GetAsync(SandboxHttp.Incidents(("sysparm_query", "ORDERBYnumber"), ("sysparm_limit", "2"), ("sysparm_offset", "2")));
        var ids = SandboxHttp.CorrelationIds(await response.ReadJsonAsync());

        Assert.Equal(["t3", "t4"], ids);
        Assert.Equal("5", response.Header("X-Total-Count"));
        var link = response.Header("Link");
        Assert.Contains("sysparm_offset=4", link, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\"", link, StringComparison.Ordinal);
        Assert.Contains("sysparm_query=ORDERBYnumber", link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FollowingNextLinks_VisitsEveryIncidentOnceAndStops()
    {
        for (var i = 1; i <= 7; i++)
        {
            Add($"t{i}");
        }

        var seen = new List<string>();
        Uri? next = SandboxHttp.Incidents(("sysparm_limit", "3"), ("sysparm_query", "active=true^ORDERBYnumber"));
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var response = await _client.GetAsync(next);
            seen.AddRange(SandboxHttp.CorrelationIds(await response.ReadJsonAsync()));
            next = NextLink(response.Header("Link"));
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"t{i}"), seen);
    }

    [Fact]
    public async Task Get_WithUnknownFieldTerm_DropsItSilentlyAndRecordsIt()
    {
        Add("open");
        Add("closed", ("active", "false"));

        using var response = await _client.GetAsync(SandboxHttp.Incidents(("sysparm_query", "u_triage_bucket=clinical^active=true")));
        var ids = SandboxHttp.CorrelationIds(await response.ReadJsonAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["open"], ids);
        Assert.Equal(["u_triage_bucket=clinical"], _sandbox.IgnoredQueryTerms);
    }

    [Fact]
    public async Task Get_WithMalformedTerms_DropsThemAndRecordsEach()
    {
        Add("one");

        var ids = await ListAsync(("sysparm_query", "active^sys_updated_on>yesterday^ORDERBYnope^category=^priorityINSTANCEOFtask"));

        Assert.Equal(["one"], ids);
        Assert.Equal(["active", "sys_updated_on>yesterday", "ORDERBYnope", "priorityINSTANCEOFtask"], _sandbox.IgnoredQueryTerms);
    }

    private static Uri? NextLink(string header)
    {
        var next = header.Split(',').FirstOrDefault(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal));
        return next is null ? null : new Uri(next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)]);
    }

    private void Add(string correlationId, params (string Field, string Value)[] fields)
    {
        var values = fields.ToDictionary(f => f.Field, f => f.Value);
        values["correlation_id"] = correlationId;
        _sandbox.AddIncident(values);
    }

    private async Task<IReadOnlyList<string>> ListAsync(params (string Name, string Value)[] parameters)
    {
        using var response = await _client.GetAsync(SandboxHttp.Incidents(parameters));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SandboxHttp.CorrelationIds(await response.ReadJsonAsync());
    }
}
