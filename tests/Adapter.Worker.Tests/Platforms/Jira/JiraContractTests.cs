using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Adapter.Sandbox.Jira;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary>The contract check itself: Prism flags what the OpenAPI document does not allow.</summary>
public sealed class JiraContractTests
{
    [Theory]
    [InlineData("GET", "/rest/api/3/search/jql?jql=project%20%3D%20HELP&maxResults=abc", null, "maxresults")]
    [InlineData("PUT", "/rest/api/3/issue/HELP-1?notifyUsers=False", "{\"fields\":{}}", "notifyusers")]
    [InlineData("PUT", "/rest/api/3/issue/HELP-1", "{\"update\":{\"labels\":\"triage-audit\"}}", "update.labels")]
    [InlineData("GET", "/rest/api/3/issues/HELP-1", null, "route not found")]
    public async Task Prism_RequestTheDocumentForbids_ReportedAsViolation(string method, string pathAndQuery, string? body, string where)
    {
        var (violations, _) = await SendAsync(method, pathAndQuery, body);

        Assert.Contains(violations, v => v.Contains(where, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Prism_RequestsTheClientSends_NoViolation()
    {
        var (search, checkedSearch) = await SendAsync("GET", "/rest/api/3/search/jql?jql=project%20%3D%20HELP&maxResults=50&fields=updated", null);
        var (edit, checkedEdit) = await SendAsync("PUT", "/rest/api/3/issue/HELP-1?notifyUsers=false", "{\"update\":{\"labels\":[{\"add\":\"triage-audit\"}]}}");

        Assert.Empty(search);
        Assert.Empty(edit);
        Assert.True(checkedSearch && checkedEdit);
    }

    private static async Task<(IReadOnlyList<string> Violations, bool Checked)> SendAsync(string method, string pathAndQuery, string? body)
    {
        using var sandbox = JiraSandbox.Start(new JiraSandboxOptions());
        sandbox.AddIssue("Printer jam on ward 4", "The label printer is jammed.");
        var prism = await ContractProxy.PrismAsync();
        var violations = new ConcurrentQueue<string>();
        var seen = false;
        using var handler = new ContractCheckHandler(prism, violations, new ConcurrentQueue<string>(), () => seen = true) { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(new HttpMethod(method), sandbox.Url + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", new JiraSandboxOptions().BearerToken);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return ([.. violations], seen);
    }
}
