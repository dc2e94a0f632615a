using System.Net;
using System.Text;
using Adapter.Worker.Intake;
using Adapter.Worker.Storage;
using Adapter.Worker.Tests.Platforms.ServiceNow;
using Adapter.Worker.Tests.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace Adapter.Worker.Tests.Intake;

/// <summary>The webhook endpoint against hostile or broken input, on the real host over HTTP:
/// each refusal has its status, a short body without internal detail, and stores nothing.</summary>
[Collection(WorkerHostTests.Name)]
public sealed class WebhookSecurityTests
{
    private const string SysId = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("sys-id-not-hex", HttpStatusCode.BadRequest)]
    [InlineData("sys-id-with-identifier", HttpStatusCode.BadRequest)]
    [InlineData("updated-on-not-a-time", HttpStatusCode.BadRequest)]
    [InlineData("other-table", HttpStatusCode.BadRequest)]
    [InlineData("json-array", HttpStatusCode.BadRequest)]
    [InlineData("signature-not-hex", HttpStatusCode.Unauthorized)]
    [InlineData("signature-other-scheme", HttpStatusCode.Unauthorized)]
    [InlineData("no-content-type", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("chunked-over-limit", HttpStatusCode.RequestEntityTooLarge)]
    public async Task Webhook_BadInput_RefusedWithoutDetailAndNothingStored(string kind, HttpStatusCode expected)
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        await harness.StartAsync();

        using var response = kind switch
        {
            "sys-id-not-hex" => await SignedAsync(harness, $"{{\"table\":\"incident\",\"sys_id\":\"{new string('z', 32)}\"}}"),
            "sys-id-with-identifier" => await SignedAsync(harness, $"{{\"table\":\"incident\",\"sys_id\":\"MRN {FakeIdentifiers.Mrn} {FakeIdentifiers.Email}\"}}"),
            "updated-on-not-a-time" => await SignedAsync(harness, $"{{\"table\":\"incident\",\"sys_id\":\"{SysId}\",\"sys_updated_on\":\"DOB {FakeIdentifiers.Dob}\"}}"),
            "other-table" => await SignedAsync(harness, $"{{\"table\":\"patient_{FakeIdentifiers.Mrn}\",\"sys_id\":\"{SysId}\"}}"),
            "json-array" => await SignedAsync(harness, "[1,2,3]"),
            "signature-not-hex" => await harness.PostWebhookAsync(Body(), "sha256=not-hex-at-all"),
            "signature-other-scheme" => await harness.PostWebhookAsync(Body(), "sha1=" + WebhookSignature.Sign(Body(), harness.Secret)[7..]),
            "no-content-type" => await NoContentTypeAsync(harness),
            _ => await ChunkedAsync(harness, 2 * 1024 * 1024),
        };

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        AssertNoInternalDetail(body);
        FakeIdentifiers.AssertAbsent("response", body);
        Assert.DoesNotContain("patient_", body, StringComparison.Ordinal);
        await AssertInboxEmptyAsync(harness);
    }

    [Fact]
    public async Task Webhook_BurstFromOneAddress_429WithRetryAfterAndOthersUnaffected()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        harness.Settings["Adapter:WebhookRateLimitPerSecond"] = "3";
        await harness.StartAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await harness.PostWebhookAsync(Body(), WebhookSignature.Sign(Body(), harness.Secret));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && refused is null)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var client = harness.Client();
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 carries Retry-After");
            AssertNoInternalDetail(await refused.Content.ReadAsStringAsync());
        }

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Accepted), 1, 4);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.TooManyRequests), 8, 11);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("adapter_webhooks_total{platform=\"servicenow\",status=\"429\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_RateLimitInvalid_RefusedAtStartWithKeyPath()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["Adapter:WebhookRateLimitPerSecond"] = "0";

        var error = await Assert.ThrowsAsync<Adapter.Core.Classification.TriageConfigurationException>(() => harness.StartAsync());

        Assert.Contains(error.Problems, p => p.KeyPath == "Adapter:WebhookRateLimitPerSecond");
    }

    [Fact]
    public async Task Webhook_StoreFails_500PlainProblemAndRedactedLog()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        await harness.StartAsync(services =>
            services.AddSingleton(FailingEnqueueStore.Wrap(new SqliteAdapterStore(harness.Settings["Adapter:SqlitePath"]!))));

        using var response = await harness.PostWebhookAsync(Body(), WebhookSignature.Sign(Body(), harness.Secret));
        var body = await response.Content.ReadAsStringAsync();

        // The host logs the failure on its own schedule; give it a moment before stopping.
        await WorkerHarness.WaitUntilAsync(() => harness.Logs.Lines.Any(l => l.Contains("constraint failed", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        await harness.StopAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"title\":\"Internal Server Error\",\"status\":500}", body);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("InvalidOperationException", StringComparison.Ordinal) && l.Contains("constraint failed", StringComparison.Ordinal));
        FakeIdentifiers.AssertAbsent("log", harness.Logs.All);
    }

    [Fact]
    public async Task Webhook_SameDeliveryTwice_QueuedOnce()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        await harness.StartAsync();
        var body = Body();

        using var first = await harness.PostWebhookAsync(body, WebhookSignature.Sign(body, harness.Secret));
        using var second = await harness.PostWebhookAsync(body, WebhookSignature.Sign(body, harness.Secret));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("{\"queued\":true}", await first.Content.ReadAsStringAsync());
        Assert.Equal("{\"queued\":false}", await second.Content.ReadAsStringAsync());
    }

    private static byte[] Body() =>
        Encoding.UTF8.GetBytes($"{{\"table\":\"incident\",\"sys_id\":\"{SysId}\",\"sys_updated_on\":\"2026-12-04 10:00:00\",\"operation\":\"update\"}}");

    private static Task<HttpResponseMessage> SignedAsync(WorkerHarness harness, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return harness.PostWebhookAsync(body, WebhookSignature.Sign(body, harness.Secret));
    }

    private static async Task<HttpResponseMessage> NoContentTypeAsync(WorkerHarness harness)
    {
        using var content = new ByteArrayContent(Body());
        return await harness.SendWebhookAsync(content, WebhookSignature.Sign(Body(), harness.Secret));
    }

    /// <summary>No Content-Length: only Kestrel's limit, met while reading, can stop it.</summary>
    private static async Task<HttpResponseMessage> ChunkedAsync(WorkerHarness harness, int bytes)
    {
        var body = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', bytes) + "\"}");
        using var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await harness.SendWebhookAsync(content, WebhookSignature.Sign(body, harness.Secret));
    }

    private static void AssertNoInternalDetail(string body)
    {
        Assert.True(body.Length < 200, $"short body expected, got {body.Length} characters");
        foreach (var marker in new[] { "Exception", " at ", "Adapter.", "Microsoft.", "System.", "/work/", ".cs:" })
        {
            Assert.DoesNotContain(marker, body, StringComparison.Ordinal);
        }
    }

    private static async Task AssertInboxEmptyAsync(WorkerHarness harness)
    {
        var counts = await harness.OpenStore().CountInboxAsync(CancellationToken.None);
        Assert.Equal(0, counts.Pending + counts.Done + counts.Failed);
    }

    /// <summary>A stream without a length, so HttpClient sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
