using System.Net;
using System.Net.Sockets;
using System.Text;
using Adapter.Core.Classification;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Hosting;
using Adapter.Worker.Intake;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Adapter.Worker.Tests.Platforms.ServiceNow;

/// <summary>The real worker (SQLite file, Quartz, Refit client over HTTP, webhooks) against a
/// ServiceNow sandbox on loopback, configured the way an admin would, through configuration.</summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    public const string AdapterUser = "adapter.integration";
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("adapter-test-");

    public WorkerHarness(ServiceNowSandboxOptions? sandboxOptions = null)
    {
        Sandbox = ServiceNowSandbox.Start(sandboxOptions ?? new ServiceNowSandboxOptions());
        Port = FreePort();
        Settings = new Dictionary<string, string?>
        {
            ["Adapter:SqlitePath"] = Path.Combine(_data.FullName, "adapter.db"),
            ["Adapter:Urls"] = $"http://127.0.0.1:{Port}",
            ["Adapter:InboxPollInterval"] = "00:00:00.050",
            ["Adapter:RetryDelay"] = "00:00:00.050",
            ["Adapter:MaxAttempts"] = "50",
            ["Adapter:DrainTimeout"] = "00:00:02",
            ["ServiceNow:Enabled"] = "true",
            ["ServiceNow:InstanceUrl"] = Sandbox.Url,
            ["ServiceNow:UserName"] = AdapterUser,
            ["ServiceNow:Password"] = new ServiceNowSandboxOptions().Password,
            ["ServiceNow:WebhookSecret"] = Secret,
            ["ServiceNow:PollInterval"] = "00:00:00.300",
            ["ServiceNow:RequestsPerSecond"] = "500",
            ["ServiceNow:RetryBaseDelay"] = "00:00:00.010",
            ["ServiceNow:AttemptTimeout"] = "00:00:01",
            ["ServiceNow:TotalTimeout"] = "00:00:10",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var group in BaseConfiguration.GetSection("Triage:Routing:Groups").Get<string[]>()!)
        {
            Groups[group] = Sandbox.AddGroup(group);
            Settings[$"ServiceNow:Fields:AssignmentGroups:{group}"] = Groups[group];
        }

    }

    public static IConfigurationRoot BaseConfiguration { get; } = AdapterConfiguration.Build(null);

    public static TriageClassifier Classifier { get; } = TriageConfigurationReader.BuildClassifier(BaseConfiguration);

    public ServiceNowSandbox Sandbox { get; }

    public int Port { get; }

    public string Secret { get; } = "test-webhook-secret-not-real";

    public Dictionary<string, string?> Settings { get; }

    public Dictionary<string, string> Groups { get; } = new(StringComparer.Ordinal);

    public WebApplication? App { get; private set; }

    /// <summary>Every event the worker's logging pipeline lets through (after redaction), as the
    /// console sink would print it.</summary>
    public Adapter.Worker.Tests.Privacy.LogCollector Logs { get; } = new();

    /// <summary>A JSON file layered over <see cref="Settings"/> and watched for edits, as
    /// <c>--config</c> is for <c>run</c>; null for none.</summary>
    public string? OverlayPath { get; set; }

    /// <summary>A directory of secret files read last, as <c>ADAPTER_SECRETS_DIR</c> is; null for none.</summary>
    public string? SecretsDirectory { get; set; }

    public string DataDirectory => _data.FullName;

    public IConfiguration Configuration()
    {
        // A copy, not a chain: the web host writes keys (urls, contentRoot) through a chained
        // configuration into its source, and the shared base is read by tests in parallel.
        var builder = new ConfigurationBuilder().AddInMemoryCollection(BaseConfiguration.AsEnumerable()).AddInMemoryCollection(Settings);
        AdapterConfiguration.Add(builder, OverlayPath, reloadOnChange: OverlayPath is not null);
        return AdapterConfiguration.AddSecrets(builder, SecretsDirectory, reloadOnChange: false).Build();
    }

    /// <summary>Seeds incidents from the first <paramref name="count"/> rows of samples/tickets.csv.</summary>
    public IReadOnlyList<string> SeedSamples(int count, int skip = 0)
    {
        var path = Path.Combine(_data.FullName, $"seed-{skip}-{count}.csv");
        var lines = SampleRows().Skip(skip).Take(count);
        File.WriteAllText(path, "id,title,description\n" + string.Concat(lines.Select(r => $"{Csv(r.Id)},{Csv(r.Title)},{Csv(r.Description)}\n")));
        var before = Sandbox.Incidents.Select(i => i["sys_id"]).ToHashSet();
        Sandbox.SeedFromCsv(path);
        return Sandbox.Incidents.Select(i => i["sys_id"]).Where(id => !before.Contains(id)).ToList();
    }

    public async Task<WebApplication> StartAsync(Action<IServiceCollection>? overrides = null)
    {
        App = AdapterHost.Build(Configuration(), overrides: services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
            overrides?.Invoke(services);
        });
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
        await using var app = AdapterHost.Build(Configuration(), once: true, services => services.AddSingleton<ILogEventSink>(Logs));
        await AdapterHost.PrepareAsync(app.Services, CancellationToken.None);
        foreach (var platform in app.Services.GetServices<ITicketPlatform>())
        {
            await platform.PollAsync(CancellationToken.None);
        }

        await app.Services.GetRequiredService<InboxProcessor>().DrainAsync(CancellationToken.None);
    }

    public IAdapterStore OpenStore() => new SqliteAdapterStore(Settings["Adapter:SqlitePath"]!);

    public async Task<HttpResponseMessage> PostWebhookAsync(byte[] body, string? signature, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await SendWebhookAsync(content, signature);
    }

    public async Task<HttpResponseMessage> SendWebhookAsync(HttpContent content, string? signature)
    {
        using var http = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/servicenow") { Content = content };
        if (signature is not null)
        {
            request.Headers.Add(ServiceNowWebhook.SignatureHeader, signature);
        }

        return await http.SendAsync(request);
    }

    /// <summary>A client for the worker's own listener (webhooks, health, metrics).</summary>
    public HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };

    public Task<HttpResponseMessage> NotifyAsync(string sysId)
    {
        var incident = Sandbox.GetIncident(sysId);
        var body = Encoding.UTF8.GetBytes($"{{\"table\":\"incident\",\"sys_id\":\"{sysId}\",\"sys_updated_on\":\"{incident["sys_updated_on"]}\",\"operation\":\"update\"}}");
        return PostWebhookAsync(body, WebhookSignature.Sign(body, Secret));
    }

    /// <summary>Every listed incident carries the adapter's routing and exactly one work note.</summary>
    public bool AllRouted(IEnumerable<string> sysIds) => sysIds.All(id => Sandbox.WorkNotes(id).Count >= 1);

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

    /// <summary>What the routing fields should be, from the same classifier and maps.</summary>
    public (string Category, string Group) Expected(string sysId)
    {
        var incident = Sandbox.GetIncident(sysId);
        var decision = Classifier.Classify(incident["short_description"], incident["description"]);
        var category = BaseConfiguration[$"ServiceNow:Fields:Categories:{Adapter.Core.Taxonomy.WireNames.ToWire(decision.Bucket)}"]!;
        return (category, Groups[decision.ResolverGroup]);
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

    private static List<(string Id, string Title, string Description)> SampleRows()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Adapter.sln")))
        {
            dir = dir.Parent;
        }

        using var reader = new StreamReader(Path.Combine(dir!.FullName, "samples", "tickets.csv"));
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

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
