using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Adapter.Core.Classification;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Hosting;
using Adapter.Worker.Intake;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Adapter.Worker.Commands;

/// <summary><c>demo</c>: the real worker (SQLite, Quartz, Refit clients, webhooks and polling)
/// against the ServiceNow and Jira sandboxes, each seeded from <c>samples/tickets.csv</c>, until every
/// incident and issue is triaged; then tables and a summary. Needs no configuration and no server.</summary>
internal static class DemoCommand
{
    public static Command Create(Option<string?> config)
    {
        var samples = new Option<string>("--samples") { Description = "Ticket CSV to seed the sandbox with", DefaultValueFactory = _ => Path.Combine("samples", "tickets.csv") };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every incident to be triaged", DefaultValueFactory = _ => 180 };
        var command = new Command("demo", "Run the worker against ServiceNow and Jira sandboxes seeded from the samples") { samples, timeout };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(config), result.GetValue(samples)!, TimeSpan.FromSeconds(result.GetValue(timeout)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? overlay, string samples, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(samples))
        {
            throw new BatchInputException($"{samples}: file not found (run the demo from the repository root, or pass --samples)");
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        using var sandbox = ServiceNowSandbox.Start(new ServiceNowSandboxOptions { Password = password });
        var baseConfiguration = AdapterConfiguration.Build(overlay);
        var triage = TriageConfigurationReader.Read(baseConfiguration).Options
            ?? throw new TriageConfigurationException(TriageConfigurationReader.Read(baseConfiguration).Problems);
        var groups = triage.Routing.Groups.ToDictionary(g => g, sandbox.AddGroup, StringComparer.Ordinal);
        sandbox.SeedFromCsv(samples);
        using var jira = new JiraDemo(baseConfiguration, triage, samples);

        var data = Directory.CreateTempSubdirectory("triage-adapter-demo-");
        var port = FreePort();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var settings = new Dictionary<string, string?>
        {
            ["Adapter:SqlitePath"] = Path.Combine(data.FullName, "adapter.db"),
            ["Adapter:Urls"] = $"http://127.0.0.1:{port}",
            ["Adapter:InboxPollInterval"] = "00:00:00.200",

            // The demo delivers half the sample as webhooks in one burst from one address.
            ["Adapter:WebhookRateLimitPerSecond"] = "10000",
            ["ServiceNow:Enabled"] = "true",
            ["ServiceNow:InstanceUrl"] = sandbox.Url,
            ["ServiceNow:UserName"] = "adapter.integration",
            ["ServiceNow:Password"] = password,
            ["ServiceNow:WebhookSecret"] = secret,
            ["ServiceNow:PollInterval"] = "00:00:02",
            ["ServiceNow:RequestsPerSecond"] = "200",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (name, sysId) in groups)
        {
            settings[$"ServiceNow:Fields:AssignmentGroups:{name}"] = sysId;
        }

        jira.AddSettings(settings);

        var configuration = new ConfigurationBuilder().AddConfiguration(baseConfiguration).AddInMemoryCollection(settings).Build();
        var before = sandbox.Incidents.ToDictionary(i => i["sys_id"], i => (Category: i["category"], Group: i["assignment_group"]));
        var clock = Stopwatch.StartNew();
        await using (var app = AdapterHost.Build(configuration))
        {
            await AdapterHost.PrepareAsync(app.Services, cancellationToken);
            await app.StartAsync(cancellationToken);
            await SendWebhooksAsync($"http://127.0.0.1:{port}", secret, sandbox.Incidents.Where((_, i) => i % 2 == 0), cancellationToken);
            await jira.SendWebhooksAsync($"http://127.0.0.1:{port}", cancellationToken);
            var store = app.Services.GetRequiredService<IAdapterStore>();
            while (clock.Elapsed < timeout && ((await store.GetDecisionsAsync(ServiceNowPlatform.PlatformName, cancellationToken)).Select(d => d.TicketId).Distinct().Count() < before.Count
                || (await JiraDemo.DecisionsAsync(store, cancellationToken)).Count < jira.Count
                || !EscalationsLinked(sandbox, await store.GetDecisionsAsync(ServiceNowPlatform.PlatformName, cancellationToken))))
            {
                await Task.Delay(250, cancellationToken);
            }

            await app.StopAsync(cancellationToken);
            var decisions = (await store.GetDecisionsAsync(ServiceNowPlatform.PlatformName, cancellationToken)).GroupBy(d => d.TicketId).ToDictionary(g => g.Key, g => g.First());
            Print(sandbox, before, decisions, groups.ToDictionary(kv => kv.Value, kv => kv.Key), clock.Elapsed);
            var jiraDecisions = await JiraDemo.DecisionsAsync(store, cancellationToken);
            jira.Print(jiraDecisions);
            var escalated = decisions.Values.Where(d => d.ResolverGroup == JiraDemo.EscalationGroup).Select(d => sandbox.GetIncident(d.TicketId))
                .Select(i => (i["sys_id"], i["number"], i["correlation_id"], i["correlation_display"])).ToList();
            var opened = jira.PrintEscalations(escalated);
            Console.Out.WriteLine($"escalated to Jira {JiraDemo.EscalationProject}: {escalated.Count} incidents, {opened} issues opened, {escalated.Count(e => e.Item3.Length > 0)} incidents carrying the Jira key");
            return decisions.Count == before.Count && jiraDecisions.Count == jira.Count && opened == escalated.Count && EscalationsLinked(sandbox, decisions.Values) ? 0 : 1;
        }
    }

    /// <summary>Every incident routed to the group that works in Jira carries its Jira key.</summary>
    private static bool EscalationsLinked(ServiceNowSandbox sandbox, IEnumerable<DecisionRecord> decisions) =>
        decisions.Where(d => d.ResolverGroup == JiraDemo.EscalationGroup).Select(d => d.TicketId).Distinct()
            .All(id => sandbox.GetIncident(id)["correlation_id"].StartsWith(JiraDemo.EscalationProject + "-", StringComparison.Ordinal));

    private static async Task SendWebhooksAsync(string baseUrl, string secret, IEnumerable<IReadOnlyDictionary<string, string>> incidents, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        foreach (var incident in incidents)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
            {
                ["table"] = "incident",
                ["sys_id"] = incident["sys_id"],
                ["sys_updated_on"] = incident["sys_updated_on"],
                ["operation"] = "insert",
            });
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/servicenow") { Content = content };
            request.Headers.Add(ServiceNowWebhook.SignatureHeader, WebhookSignature.Sign(body, secret));
            using var response = await http.SendAsync(request, cancellationToken);
        }
    }

    private static void Print(
        ServiceNowSandbox sandbox,
        Dictionary<string, (string Category, string Group)> before,
        Dictionary<string, DecisionRecord> decisions,
        Dictionary<string, string> groupNames,
        TimeSpan elapsed)
    {
        var table = new Table().AddColumns("incident", "category before", "category after", "group before", "group after", "severity", "flags");
        foreach (var incident in sandbox.Incidents)
        {
            var id = incident["sys_id"];
            var d = decisions.GetValueOrDefault(id);
            var triageNotes = sandbox.WorkNotes(id).Count(n => n.Value.StartsWith("[triage-adapter] bucket=", StringComparison.Ordinal));
            var jiraKey = incident["correlation_id"].Length > 0 ? "jira:" + incident["correlation_id"] : null;
            var flags = d is null ? "not triaged" : string.Join(' ', new[] { d.NeedsReview ? "needs_review" : null, d.Escalation, jiraKey, triageNotes > 1 ? "DUPLICATE-NOTE" : null }.Where(f => f is not null));
            table.AddRow(
                Markup.Escape(incident["number"]),
                Markup.Escape(before[id].Category),
                Markup.Escape(incident["category"]),
                Markup.Escape(Name(before[id].Group)),
                Markup.Escape(Name(incident["assignment_group"])),
                d?.Severity.ToString(CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(flags));
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 180;
        }

        AnsiConsole.Write(table);
        var notes = sandbox.Incidents.Sum(i => sandbox.WorkNotes(i["sys_id"]).Count);
        var console = Console.Out;
        console.WriteLine($"incidents: {before.Count}, triaged: {decisions.Count}, work notes: {notes}, in {elapsed.TotalSeconds:0.0} s");
        console.WriteLine($"by bucket: {string.Join(", ", decisions.Values.GroupBy(d => d.Bucket).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
        console.WriteLine($"by severity: {string.Join(", ", decisions.Values.GroupBy(d => d.Severity).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"))}");
        console.WriteLine($"needs_review: {decisions.Values.Count(d => d.NeedsReview)}, escalation triggers fired: {decisions.Values.Count(d => d.Escalation is not null)}");
        console.WriteLine($"HTTP calls to the instance: {sandbox.CountRequests("GET", "/api/now/table/incident")} GET, {sandbox.CountRequests("PATCH", "/api/now/table/incident")} PATCH");

        string Name(string sysId) => sysId.Length == 0 ? "" : groupNames.GetValueOrDefault(sysId, sysId);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
