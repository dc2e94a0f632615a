using System.Net;
using System.Text;
using Adapter.Sandbox.Jira;
using Adapter.Worker.Platforms.Jira;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary><c>POST /webhooks/jira</c>: refuses what is not a signed Jira event, drops what the
/// adapter must not act on, and stores a retried delivery once.</summary>
public sealed class JiraWebhookTests
{
    [Theory]
    [InlineData("missing-signature")]
    [InlineData("wrong-signature")]
    [InlineData("malformed-json")]
    [InlineData("unknown-event")]
    [InlineData("no-issue-id")]
    [InlineData("wrong-content-type")]
    [InlineData("two-megabytes")]
    [InlineData("own-account")]
    [InlineData("owned-fields-only")]
    public async Task Webhook_BadOrIgnorableInput_NothingStored(string kind)
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Jira:PollingEnabled"] = "false";
        await harness.StartAsync();
        var key = harness.SeedSamples(1).Single();
        var good = harness.Sandbox.WebhookBody(key, "jira:issue_updated");
        var malformed = Encoding.UTF8.GetBytes("{\"webhookEvent\":\"jira:issue_updated\",\"issue\":");
        var unknown = harness.Sandbox.WebhookBody(key, "worklog_created");
        var noId = Encoding.UTF8.GetBytes("{\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"key\":\"HELP-1\"}}");
        var huge = Encoding.UTF8.GetBytes("{\"webhookEvent\":\"jira:issue_created\",\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        var own = harness.Sandbox.WebhookBody(key, "jira:issue_updated", harness.Sandbox.AccountId);
        var ownedNode = System.Text.Json.Nodes.JsonNode.Parse(good)!.AsObject();
        ownedNode["changelog"] = System.Text.Json.Nodes.JsonNode.Parse("{\"id\":\"1\",\"items\":[{\"field\":\"labels\",\"fieldId\":\"labels\"},{\"field\":\"priority\",\"fieldId\":\"priority\"}]}");
        var ownedOnly = Encoding.UTF8.GetBytes(ownedNode.ToJsonString());

        using var response = kind switch
        {
            "missing-signature" => await harness.PostWebhookAsync(good, null),
            "wrong-signature" => await harness.PostWebhookAsync(good, JiraSandbox.Sign(good, "not-the-secret")),
            "malformed-json" => await harness.PostWebhookAsync(malformed, JiraSandbox.Sign(malformed, harness.Secret)),
            "unknown-event" => await harness.PostWebhookAsync(unknown, JiraSandbox.Sign(unknown, harness.Secret)),
            "no-issue-id" => await harness.PostWebhookAsync(noId, JiraSandbox.Sign(noId, harness.Secret)),
            "wrong-content-type" => await harness.PostWebhookAsync(good, JiraSandbox.Sign(good, harness.Secret), contentType: "text/plain"),
            "own-account" => await harness.PostWebhookAsync(own, JiraSandbox.Sign(own, harness.Secret)),
            "owned-fields-only" => await harness.PostWebhookAsync(ownedOnly, JiraSandbox.Sign(ownedOnly, harness.Secret)),
            _ => await harness.PostWebhookAsync(huge, JiraSandbox.Sign(huge, harness.Secret)),
        };

        var expected = kind switch
        {
            "missing-signature" or "wrong-signature" => HttpStatusCode.Unauthorized,
            "malformed-json" or "no-issue-id" => HttpStatusCode.BadRequest,
            "wrong-content-type" => HttpStatusCode.UnsupportedMediaType,
            "two-megabytes" => HttpStatusCode.RequestEntityTooLarge,
            _ => HttpStatusCode.Accepted,
        };
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.Contains(expected == HttpStatusCode.Accepted ? "\"queued\":false" : "\"error\"", body, StringComparison.Ordinal);
        var counts = await harness.OpenStore().CountInboxAsync(CancellationToken.None);
        Assert.Equal(0, counts.Pending + counts.Done + counts.Failed);
    }

    [Fact]
    public async Task Webhook_RetriedDeliverySameIdentifier_StoredOnceAndRoutedOnce()
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Jira:PollingEnabled"] = "false";
        await harness.StartAsync();
        var key = harness.SeedSamples(1, skip: 3).Single();
        var body = harness.Sandbox.WebhookBody(key, "jira:issue_created");
        var signature = JiraSandbox.Sign(body, harness.Secret);

        using var first = await harness.PostWebhookAsync(body, signature, "delivery-1");
        using var retried = await harness.PostWebhookAsync(body, signature, "delivery-1");
        await JiraWorkerHarness.WaitUntilAsync(() => harness.AllRouted([key]), TimeSpan.FromSeconds(30));
        await harness.StopAsync();

        Assert.Contains("\"queued\":true", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"queued\":false", await retried.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var counts = await harness.OpenStore().CountInboxAsync(CancellationToken.None);
        Assert.Equal(1, counts.Pending + counts.Done + counts.Failed);
        harness.AssertRoutedOnce([key]);
    }

    [Fact]
    public async Task Webhook_IssueOutsideTheJql_StoredButNotRouted()
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Jira:PollingEnabled"] = "false";
        harness.Settings["Jira:Jql"] = "project = HELP AND status = \"In Progress\"";
        await harness.StartAsync();
        var key = harness.SeedSamples(1, skip: 5).Single();
        var body = harness.Sandbox.WebhookBody(key, "jira:issue_created");

        using var response = await harness.PostWebhookAsync(body, JiraSandbox.Sign(body, harness.Secret), "delivery-9");
        await JiraWorkerHarness.WaitUntilAsync(() => harness.OpenStore().CountInboxAsync(CancellationToken.None).Result.Done == 1, TimeSpan.FromSeconds(30));
        await harness.StopAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(harness.Sandbox.Comments(key));
        Assert.Equal(0, harness.Sandbox.CountRequests("PUT", "/rest/api/3/issue"));
        harness.AssertContract();
    }

    [Fact]
    public async Task Webhook_JiraOff_NotFound()
    {
        await using var harness = new JiraWorkerHarness();
        harness.Settings["Jira:WebhookSecret"] = "";
        harness.Settings["Jira:PollingEnabled"] = "false";
        await harness.StartAsync();
        var body = Encoding.UTF8.GetBytes("{}");

        using var response = await harness.PostWebhookAsync(body, JiraSandbox.Sign(body, harness.Secret));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(JiraPlatform.PlatformName, "jira");
    }
}
