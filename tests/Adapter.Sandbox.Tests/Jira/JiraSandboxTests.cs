using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Adapter.Sandbox.Jira;
using Adapter.Sandbox.ServiceNow;
using Microsoft.Extensions.Time.Testing;

namespace Adapter.Sandbox.Tests.Jira;

public sealed class JiraSandboxTests
{
    private static readonly JiraSandboxOptions Defaults = new();

    [Fact]
    public async Task Search_MorePagesThanOne_PagedByNextPageTokenUntilIsLast()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        for (var i = 0; i < 7; i++)
        {
            sandbox.AddIssue($"Issue {i}", "text");
        }

        var keys = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await GetJsonAsync(sandbox, "/rest/api/3/search/jql?jql=" + Uri.EscapeDataString("project = HELP ORDER BY updated ASC") + "&maxResults=3&fields=updated" + (token is null ? "" : "&nextPageToken=" + Uri.EscapeDataString(token)));
            keys.AddRange(page["issues"]!.AsArray().Select(i => i!["key"]!.GetValue<string>()));
            token = page["isLast"]!.GetValue<bool>() ? null : page["nextPageToken"]!.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Select(n => $"HELP-{n}"), keys);
    }

    [Fact]
    public async Task Search_NoFields_IdsOnly()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        sandbox.AddIssue("Printer jam", "text");

        var page = await GetJsonAsync(sandbox, "/rest/api/3/search/jql?jql=" + Uri.EscapeDataString("project = HELP"));

        var issue = page["issues"]![0]!.AsObject();
        Assert.Equal("10000", issue["id"]!.GetValue<string>());
        Assert.False(issue.ContainsKey("fields"));
    }

    [Fact]
    public async Task Search_UpdatedBound_MinutePreciseInAccountTimeZone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 24, 19, 24, 50, TimeSpan.Zero));
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions { TimeProvider = clock });
        sandbox.AddIssue("Earlier", "text");
        clock.Advance(TimeSpan.FromMinutes(2));
        sandbox.AddIssue("Later", "text");

        // 19:26:50 UTC is 15:26 in New York (EDT): the bound "15:26" takes the later issue only.
        var page = await GetJsonAsync(sandbox, "/rest/api/3/search/jql?fields=updated&jql=" + Uri.EscapeDataString("project = HELP AND updated >= \"2026/06/24 15:26\""));

        var issue = Assert.Single(page["issues"]!.AsArray());
        Assert.Equal("HELP-2", issue!["key"]!.GetValue<string>());
        Assert.Equal("2026-06-24T15:26:50.000-0400", issue["fields"]!["updated"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_UnknownField_400ErrorCollection()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());

        using var response = await SendAsync(sandbox, HttpMethod.Get, "/rest/api/3/search/jql?jql=" + Uri.EscapeDataString("cf[99] = x"), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotEmpty(body["errorMessages"]!.AsArray());
    }

    [Fact]
    public async Task Edit_UpdateOperations_OneHistoryAndOnlyNamedMembersChanged()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        sandbox.AddComponent("Interface Team");
        sandbox.AddComponent("Kiosk");
        var key = sandbox.AddIssue("Interface down", "text");
        sandbox.EditAsHuman(key, "557058:person", """{"update":{"components":[{"add":{"name":"Kiosk"}}],"labels":[{"add":"vip"}]}}""");

        using var response = await SendAsync(sandbox, HttpMethod.Put, $"/rest/api/3/issue/{key}?notifyUsers=false",
            """{"fields":{"priority":{"name":"High"}},"update":{"components":[{"add":{"name":"Interface Team"}}],"labels":[{"add":"system-ehr"}]}}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var issue = sandbox.GetIssue(key);
        Assert.Equal(["Kiosk", "Interface Team"], issue.Components);
        Assert.Equal(["vip", "system-ehr"], issue.Labels);
        Assert.Equal("High", issue.Priority);
        Assert.Equal(2, issue.HistoryCount);
    }

    [Fact]
    public async Task Edit_UnknownFieldOrComponent_400AndNothingChanged()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        var key = sandbox.AddIssue("Interface down", "text");

        using var response = await SendAsync(sandbox, HttpMethod.Put, $"/rest/api/3/issue/{key}",
            """{"fields":{"priority":{"name":"High"},"customfield_12345":{"value":"x"}},"update":{"components":[{"add":{"name":"Nope"}}]}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("customfield_12345"));
        Assert.True(errors.ContainsKey("components"));
        Assert.Equal("Medium", sandbox.GetIssue(key).Priority);
        Assert.Equal(0, sandbox.GetIssue(key).HistoryCount);
    }

    [Fact]
    public async Task Comment_AdfBody_201AndNoHistory()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        var key = sandbox.AddIssue("Interface down", "text");

        using var response = await SendAsync(sandbox, HttpMethod.Post, $"/rest/api/3/issue/{key}/comment",
            """{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"[triage-adapter] hello"}]}]}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var comment = Assert.Single(sandbox.Comments(key));
        Assert.Equal(Defaults.AccountId, comment.AuthorAccountId);
        Assert.Equal("[triage-adapter] hello", comment.Text);
        Assert.Equal(0, sandbox.GetIssue(key).HistoryCount);
    }

    [Fact]
    public async Task Get_ExpandChangelog_TotalCountsEdits()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        var key = sandbox.AddIssue("Interface down", "Feed stopped");
        sandbox.EditAsHuman(key, "557058:person", """{"fields":{"priority":{"name":"Low"}}}""");

        var issue = await GetJsonAsync(sandbox, $"/rest/api/3/issue/{key}?fields=summary,description,priority&expand=changelog");

        Assert.Equal(1, issue["changelog"]!["total"]!.GetValue<int>());
        Assert.Equal("557058:person", issue["changelog"]!["histories"]![0]!["author"]!["accountId"]!.GetValue<string>());
        Assert.Equal("doc", issue["fields"]!["description"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_WrongToken_401()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, sandbox.Url + "/rest/api/3/myself");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Defaults.Email}:wrong")));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_OverRateLimit_429WithJiraHeaders()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 24, 19, 24, 50, TimeSpan.Zero));
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions { TimeProvider = clock, RateLimitPerSecond = 2 });

        using var first = await SendAsync(sandbox, HttpMethod.Get, "/rest/api/3/myself", null);
        using var second = await SendAsync(sandbox, HttpMethod.Get, "/rest/api/3/myself", null);
        using var third = await SendAsync(sandbox, HttpMethod.Get, "/rest/api/3/myself", null);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.True(third.Headers.Contains("X-RateLimit-Reset"));
        Assert.True(third.Headers.Contains("RateLimit-Reason"));
    }

    [Fact]
    public async Task Faults_RateOne_EveryRequestFaultedAndNothingApplied()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions { Faults = new ServiceNowFaultOptions { Rate = 1, Kinds = SandboxFaultKinds.InternalServerError } });
        var key = sandbox.AddIssue("Interface down", "text");

        using var response = await SendAsync(sandbox, HttpMethod.Put, $"/rest/api/3/issue/{key}", """{"fields":{"priority":{"name":"High"}}}""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Medium", sandbox.GetIssue(key).Priority);
        Assert.Equal(1, sandbox.CountFaults);
    }

    [Fact]
    public async Task Create_InOtherProjectWithLabel_201FoundByLabelJql()
    {
        var options = new JiraSandboxOptions();
        options.Projects.Add("INTEG");
        using var sandbox = JiraSandbox.Start(options);

        using var created = await SendAsync(sandbox, HttpMethod.Post, "/rest/api/3/issue",
            """{"fields":{"project":{"key":"INTEG"},"issuetype":{"name":"Bug"},"summary":"ADT feed stopped","labels":["triage-escalated","snow-0000aaaa"],"description":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"evidence"}]}]}}}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        Assert.Equal("INTEG-1", key);
        var issue = sandbox.GetIssue(key);
        Assert.Equal(("INTEG", "Bug", "To Do", 0), (issue.ProjectKey, issue.IssueType, issue.Status, issue.HistoryCount));
        var found = await GetJsonAsync(sandbox, "/rest/api/3/search/jql?jql=" + Uri.EscapeDataString("labels = \"snow-0000aaaa\"") + "&fields=labels");
        Assert.Equal(key, Assert.Single(found["issues"]!.AsArray())!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_UnknownProjectOrNoSummary_400AndNothingCreated()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());

        using var response = await SendAsync(sandbox, HttpMethod.Post, "/rest/api/3/issue",
            """{"fields":{"project":{"key":"NOPE"},"issuetype":{"name":"Bug"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("project"));
        Assert.True(errors.ContainsKey("summary"));
        Assert.Empty(sandbox.Issues);
    }

    [Fact]
    public async Task RemoteLink_SameGlobalIdTwice_OneLinkUpdated()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        var key = sandbox.AddIssue("Interface down", "text");
        const string Body = """{"globalId":"servicenow:incident:abc","object":{"url":"https://example.service-now.com/incident.do?sys_id=abc","title":"INC0000001"}}""";

        using var first = await SendAsync(sandbox, HttpMethod.Post, $"/rest/api/3/issue/{key}/remotelink", Body);
        using var second = await SendAsync(sandbox, HttpMethod.Post, $"/rest/api/3/issue/{key}/remotelink", Body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var link = Assert.Single(sandbox.GetIssue(key).RemoteLinks);
        Assert.Equal("servicenow:incident:abc", link.GlobalId);
        var listed = await GetJsonAsync(sandbox, $"/rest/api/3/issue/{key}/remotelink");
        Assert.Equal("INC0000001", Assert.Single(listed.AsArray())!["object"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Transition_ToDone_OneHistoryResolutionAndStatusCategoryKey()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        var key = sandbox.AddIssue("Interface down", "text");

        sandbox.TransitionAsHuman(key, "557058:person", "Done", "Done", "Fixed");

        var issue = await GetJsonAsync(sandbox, $"/rest/api/3/issue/{key}?fields=status,resolution&expand=changelog");
        Assert.Equal("done", issue["fields"]!["status"]!["statusCategory"]!["key"]!.GetValue<string>());
        Assert.Equal("Fixed", issue["fields"]!["resolution"]!["name"]!.GetValue<string>());
        Assert.Equal(1, issue["changelog"]!["total"]!.GetValue<int>());
        var done = await GetJsonAsync(sandbox, "/rest/api/3/search/jql?jql=" + Uri.EscapeDataString("statusCategory = done") + "&fields=status");
        Assert.Single(done["issues"]!.AsArray());
    }

    [Fact]
    public async Task EditMeta_FieldLeftOffScreen_NotListedAndEditRefused()
    {
        var options = new JiraSandboxOptions();
        options.CustomFields.Add(new JiraSandboxCustomField("customfield_10050", "Triage bucket", "option", ["Clinical", "Administrative"]));
        options.CustomFields.Add(new JiraSandboxCustomField("customfield_10060", "Resolver group", "option", ["Interface Team"]));
        options.FieldsOffScreen.Add("customfield_10060");
        using var sandbox = JiraSandbox.Start(options);
        sandbox.AddComponent("Interface Team");
        var key = sandbox.AddIssue("Interface down", "text");

        var meta = (await GetJsonAsync(sandbox, $"/rest/api/3/issue/{key}/editmeta"))["fields"]!.AsObject();
        using var edit = await SendAsync(sandbox, HttpMethod.Put, $"/rest/api/3/issue/{key}", """{"fields":{"customfield_10060":{"value":"Interface Team"}}}""");

        Assert.False(meta.ContainsKey("customfield_10060"));
        Assert.Equal(["Clinical", "Administrative"], meta["customfield_10050"]!["allowedValues"]!.AsArray().Select(v => v!["value"]!.GetValue<string>()));
        Assert.Equal(["Interface Team"], meta["components"]!["allowedValues"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()));
        Assert.Contains("High", meta["priority"]!["allowedValues"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()));
        Assert.True(meta.ContainsKey("labels"));
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.Contains("It is not on the appropriate screen", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changelog_ComponentsMovedAndAssigneeSet_OneItemPerComponentAssigneeByAccountId()
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        sandbox.AddComponent("Service Desk");
        sandbox.AddComponent("Interface Team");
        var key = sandbox.AddIssue("Interface down", "text");
        sandbox.EditAsHuman(key, "557058:person", """{"update":{"components":[{"add":{"name":"Service Desk"}}]}}""");

        sandbox.EditAsHuman(key, "557058:person", """
            {"fields":{"assignee":{"accountId":"557058:resolver"}},
             "update":{"components":[{"remove":{"name":"Service Desk"}},{"add":{"name":"Interface Team"}}]}}
            """);

        var issue = await GetJsonAsync(sandbox, $"/rest/api/3/issue/{key}?fields=components&expand=changelog");
        var items = issue["changelog"]!["histories"]![1]!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var assignee = Assert.Single(items, i => i["fieldId"]!.GetValue<string>() == "assignee");
        Assert.Equal("557058:resolver", assignee["to"]!.GetValue<string>());
        Assert.False(assignee.ContainsKey("from"));
        var components = items.Where(i => i["fieldId"]!.GetValue<string>() == "components")
            .Select(i => (From: i["fromString"]!.GetValue<string>(), To: i["toString"]!.GetValue<string>())).ToList();
        Assert.Equal([("Service Desk", ""), ("", "Interface Team")], components);
    }

    private static async Task<JsonNode> GetJsonAsync(JiraSandbox sandbox, string pathAndQuery)
    {
        using var response = await SendAsync(sandbox, HttpMethod.Get, pathAndQuery, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<HttpResponseMessage> SendAsync(JiraSandbox sandbox, HttpMethod method, string pathAndQuery, string? body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, sandbox.Url + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Defaults.Email}:{Defaults.ApiToken}")));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
