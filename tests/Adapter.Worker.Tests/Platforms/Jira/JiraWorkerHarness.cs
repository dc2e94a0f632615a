using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;
using Adapter.Sandbox.Jira;
using Adapter.Worker.Hosting;
using Adapter.Worker.Intake;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Adapter.Worker.Tests.Platforms.Jira;

/// <summary>The real worker (SQLite file, Quartz, Refit client over HTTP, webhooks) against a Jira
/// sandbox on loopback, every request passing through Prism and the official OpenAPI document,
/// configured the way an admin would, through configuration.</summary>
internal sealed class JiraWorkerHarness : IAsyncDisposable
{
    public const string BucketField = "customfield_10050";
    public const string Person = "557058:nurse-manager";
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("adapter-jira-test-");
    private readonly ConcurrentQueue<string> _requestViolations = new();
    private readonly ConcurrentQueue<string> _responseViolations = new();
    private int _checked;

    public JiraWorkerHarness(JiraSandboxOptions? sandboxOptions = null)
    {
        var options = sandboxOptions ?? new JiraSandboxOptions();
        options.CustomFields.Add(new JiraSandboxCustomField(BucketField, "Triage bucket", "option", ["Clinical", "Administrative", "Interoperability"]));
        Sandbox = JiraSandbox.Start(options);
        foreach (var component in BaseConfiguration.GetSection("Jira:Fields:BucketComponents").GetChildren().Select(c => c.Value!)
            .Concat(BaseConfiguration.GetSection("Jira:Fields:Groups").GetChildren().Select(c => c.Value!)))
        {
            Sandbox.AddComponent(component);
        }

        Port = FreePort();
        Settings = new Dictionary<string, string?>
        {
            ["Adapter:SqlitePath"] = Path.Combine(_data.FullName, "adapter.db"),
            ["Adapter:Urls"] = $"http://127.0.0.1:{Port}",
            ["Adapter:InboxPollInterval"] = "00:00:00.050",
            ["Adapter:RetryDelay"] = "00:00:00.050",
            ["Adapter:MaxAttempts"] = "50",
            ["Adapter:DrainTimeout"] = "00:00:02",
            ["Jira:Enabled"] = "true",
            ["Jira:SiteUrl"] = Sandbox.Url,
            ["Jira:Email"] = options.Email,
            ["Jira:ApiToken"] = options.ApiToken,
            ["Jira:Jql"] = "project = HELP",
            ["Jira:WebhookSecret"] = Secret,
            ["Jira:PollInterval"] = "00:00:00.300",
            ["Jira:RequestsPerSecond"] = "500",
            ["Jira:RetryBaseDelay"] = "00:00:00.010",
            ["Jira:AttemptTimeout"] = "00:00:02",
            ["Jira:TotalTimeout"] = "00:00:10",
            ["Jira:Fields:BucketField"] = BucketField,
            ["Jira:Fields:BucketOptions:clinical"] = "Clinical",
            ["Jira:Fields:BucketOptions:administrative"] = "Administrative",
            ["Jira:Fields:BucketOptions:interoperability"] = "Interoperability",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        // The shipped file's empty ServiceNow group sys_ids ("") fail binding once the file is layered
        // under another source (AddConfiguration), although ServiceNow is off; give them values.
        foreach (var group in BaseConfiguration.GetSection("Triage:Routing:Groups").Get<string[]>()!)
        {
            Settings[$"ServiceNow:Fields:AssignmentGroups:{group}"] = "unused";
        }
    }

    public static IConfigurationRoot BaseConfiguration { get; } = AdapterConfiguration.Build(null);

    public static TriageClassifier Classifier { get; } = TriageConfigurationReader.BuildClassifier(BaseConfiguration);

    private static IReadOnlyList<KeyValuePair<string, string?>> BaseSettings { get; } = [.. BaseConfiguration.AsEnumerable()];

    public JiraSandbox Sandbox { get; }

    public int Port { get; }

    public string Secret { get; } = "test-jira-webhook-secret-not-real";

    public Dictionary<string, string?> Settings { get; }

    public WebApplication? App { get; private set; }

    /// <summary>Requests the OpenAPI document does not allow, as Prism reported them.</summary>
    public IReadOnlyList<string> RequestViolations => [.. _requestViolations];

    /// <summary>Where the sandbox's answers drift from the document (reported, not asserted).</summary>
    public IReadOnlyList<string> ResponseViolations => [.. _responseViolations];

    // A copy of the shipped file, not a chain to it: the host writes settings such as its URLs
    // through every chained source, and a write into the shared file's data while another test
    // binds it fails that test with "Collection was modified".
    public IConfiguration Configuration() =>
        new ConfigurationBuilder().AddInMemoryCollection(BaseSettings).AddInMemoryCollection(Settings).Build();

    /// <summary>Creates issues from rows of samples/tickets.csv.</summary>
    public IReadOnlyList<string> SeedSamples(int count, int skip = 0) =>
        [.. SampleRows().Skip(skip).Take(count).Select(r => Sandbox.AddIssue(r.Title, r.Description))];

    public async Task<WebApplication> StartAsync()
    {
        App = AdapterHost.Build(Configuration(), overrides: await ContractOverridesAsync());
        await AdapterHost.PrepareAsync(App.Services, CancellationToken.None);
        await App.StartAsync();
        return App;
    }

    public async Task StopAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
            App = null;
        }
    }

    public async Task RunOnceAsync()
    {
        await using var app = AdapterHost.Build(Configuration(), once: true, overrides: await ContractOverridesAsync());
        await AdapterHost.PrepareAsync(app.Services, CancellationToken.None);
        foreach (var platform in app.Services.GetServices<ITicketPlatform>())
        {
            await platform.PollAsync(CancellationToken.None);
        }

        await app.Services.GetRequiredService<InboxProcessor>().DrainAsync(CancellationToken.None);
    }

    public IAdapterStore OpenStore() => new SqliteAdapterStore(Settings["Adapter:SqlitePath"]!);

    public Uri WebhookUrl => new($"http://127.0.0.1:{Port}/webhooks/jira");

    public async Task<HttpResponseMessage> PostWebhookAsync(byte[] body, string? signature, string? identifier = null, string contentType = "application/json")
    {
        using var http = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl) { Content = content };
        if (signature is not null)
        {
            request.Headers.Add(JiraWebhook.SignatureHeader, signature);
        }

        if (identifier is not null)
        {
            request.Headers.Add(JiraWebhook.IdentifierHeader, identifier);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Every listed issue has at least one adapter comment.</summary>
    public bool AllRouted(IEnumerable<string> keys) => keys.All(k => Sandbox.Comments(k).Any(c => c.AuthorAccountId == Sandbox.AccountId));

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The decision for an issue, from the same classifier.</summary>
    public static TriageDecision Decide(JiraSandboxIssue issue) => Classifier.Classify(issue.Summary, issue.Description);

    /// <summary>Every issue carries the decided fields, exactly one adapter comment (no ticket text),
    /// and the client sent nothing the OpenAPI document forbids.</summary>
    public void AssertRoutedOnce(IEnumerable<string> keys)
    {
        Assert.All(keys, key =>
        {
            var issue = Sandbox.GetIssue(key);
            var decision = Decide(issue);
            var bucket = decision.Bucket.ToWire();
            Assert.Contains(BaseConfiguration[$"Jira:Fields:BucketComponents:{bucket}"], issue.Components);
            Assert.Equal(Settings[$"Jira:Fields:BucketOptions:{bucket}"], issue.Custom[BucketField]);
            Assert.Contains(BaseConfiguration[$"Jira:Fields:Groups:{decision.ResolverGroup}"], issue.Components);
            Assert.Contains(BaseConfiguration[$"Jira:Fields:Systems:{decision.System.ToWire()}"], issue.Labels);
            Assert.Equal(BaseConfiguration[$"Jira:Fields:Priorities:{decision.Severity}"], issue.Priority);
            var comment = Assert.Single(Sandbox.Comments(key));
            Assert.Equal(Sandbox.AccountId, comment.AuthorAccountId);
            Assert.StartsWith("[triage-adapter]", comment.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(issue.Summary, comment.Text, StringComparison.Ordinal);
        });
        AssertContract();
    }

    /// <summary>Requests that went through Prism and were checked.</summary>
    public int CheckedRequests => Volatile.Read(ref _checked);

    public void AssertContract()
    {
        Assert.True(CheckedRequests > 0, "no request went through the OpenAPI validator");
        Assert.True(RequestViolations.Count == 0, "requests the Jira OpenAPI document does not allow:\n" + string.Join('\n', RequestViolations.Distinct()));

        // The sandbox is held to the document too, except where the document itself differs from the
        // site: it gives PUT issue's 204 a JSON media type, and lists no 429/5xx for injected faults.
        var drift = ResponseViolations.Where(v => !v.Contains("Unable to match the returned status code", StringComparison.Ordinal)
            && !(v.StartsWith("PUT ", StringComparison.Ordinal) && v.Contains("media type \"\" does not match", StringComparison.Ordinal))).Distinct().ToList();
        Assert.True(drift.Count == 0, "sandbox answers the Jira OpenAPI document does not allow:\n" + string.Join('\n', drift));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Sandbox.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<Action<IServiceCollection>> ContractOverridesAsync()
    {
        var prism = await ContractProxy.PrismAsync();
        return services => services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new ContractCheckHandler(prism, _requestViolations, _responseViolations, () => Interlocked.Increment(ref _checked))));
    }

    private static List<(string Id, string Title, string Description)> SampleRows()
    {
        using var reader = new StreamReader(Path.Combine(ContractProxy.RepositoryRoot(), "samples", "tickets.csv"));
        using var csv = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var rows = new List<(string Id, string Title, string Description)>();
        while (csv.Read())
        {
            rows.Add((csv.GetField("id")!, csv.GetField("title")!, csv.GetField("description")!));
        }

        return rows;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
