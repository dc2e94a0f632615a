using System.Globalization;
using System.Security.Cryptography;
using Adapter.Core.Classification;
using Adapter.Sandbox.Jira;
using Adapter.Worker.Intake;
using Adapter.Worker.Platforms.Jira;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Adapter.Worker.Commands;

/// <summary>The Jira half of <c>demo</c>: a Jira sandbox seeded from the same samples, the worker's
/// Jira settings pointing at it, half the issues announced by signed webhooks, and a table.</summary>
internal sealed class JiraDemo : IDisposable
{
    /// <summary>The Interface Team's project, where escalated ServiceNow incidents are opened.</summary>
    public const string EscalationProject = "INTEG";

    /// <summary>The resolver group that works in Jira in the demo.</summary>
    public const string EscalationGroup = "Interface Team";

    private readonly JiraSandboxOptions _options = new()
    {
        ApiToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
        Projects = { EscalationProject },
    };

    private readonly string _secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly Dictionary<string, (string Priority, string Components)> _before = new(StringComparer.Ordinal);

    public JiraDemo(IConfiguration baseConfiguration, TriageOptions triage, string samples)
    {
        Sandbox = JiraSandbox.Start(_options);
        foreach (var name in baseConfiguration.GetSection("Jira:Fields:BucketComponents").GetChildren().Select(c => c.Value)
            .Concat(triage.Routing.Groups))
        {
            if (!string.IsNullOrWhiteSpace(name))
            {
                Sandbox.AddComponent(name);
            }
        }

        using var reader = new StreamReader(samples);
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            Sandbox.AddIssue(csv.GetField("title") ?? "", csv.GetField("description") ?? "");
        }

        foreach (var issue in Sandbox.Issues)
        {
            _before[issue.Id] = (issue.Priority, string.Join(", ", issue.Components));
        }
    }

    public JiraSandbox Sandbox { get; }

    public int Count => _before.Count;

    public void AddSettings(Dictionary<string, string?> settings)
    {
        settings["Jira:Enabled"] = "true";
        settings["Jira:SiteUrl"] = Sandbox.Url;
        settings["Jira:Email"] = _options.Email;
        settings["Jira:ApiToken"] = _options.ApiToken;
        settings["Jira:Jql"] = $"project = {_options.ProjectKey}";
        settings["Jira:WebhookSecret"] = _secret;
        settings["Jira:PollInterval"] = "00:00:02";
        settings["Jira:RequestsPerSecond"] = "200";

        // The Interface Team works in Jira: its ServiceNow incidents are escalated to INTEG.
        settings["Escalation:Enabled"] = "true";
        settings["Escalation:PollInterval"] = "00:00:02";
        settings[$"Escalation:Destinations:{EscalationGroup}:ProjectKey"] = EscalationProject;
        settings[$"Escalation:Destinations:{EscalationGroup}:IssueType"] = "Bug";
    }

    /// <summary>Announces every other issue by a signed <c>jira:issue_created</c> webhook; polling finds the rest.</summary>
    public async Task SendWebhooksAsync(string baseUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        foreach (var issue in Sandbox.Issues.Where((_, i) => i % 2 == 0))
        {
            var body = Sandbox.WebhookBody(issue.Key, "jira:issue_created");
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/jira") { Content = content };
            request.Headers.Add(JiraWebhook.SignatureHeader, JiraSandbox.Sign(body, _secret));
            request.Headers.Add(JiraWebhook.IdentifierHeader, "demo-" + issue.Id);
            using var response = await http.SendAsync(request, cancellationToken);
        }

        // From here on the site sends its own webhooks, including for the adapter's edits (dropped).
        Sandbox.EnableWebhooks(new Uri(new Uri(baseUrl), "/webhooks/jira"), _secret);
    }

    public void Print(Dictionary<string, DecisionRecord> decisions)
    {
        var table = new Table().AddColumns("issue", "priority before", "priority after", "components before", "components after", "labels after", "flags");
        foreach (var issue in Sandbox.Issues.Where(i => _before.ContainsKey(i.Id)))
        {
            var d = decisions.GetValueOrDefault(issue.Id);
            var adapterComments = Sandbox.Comments(issue.Key).Count(c => c.AuthorAccountId == Sandbox.AccountId);
            var flags = d is null ? "not triaged" : string.Join(' ', new[] { d.NeedsReview ? "needs_review" : null, d.Escalation, adapterComments > 1 ? "DUPLICATE-COMMENT" : null }.Where(f => f is not null));
            table.AddRow(
                Markup.Escape(issue.Key),
                Markup.Escape(_before[issue.Id].Priority),
                Markup.Escape(issue.Priority),
                Markup.Escape(_before[issue.Id].Components),
                Markup.Escape(string.Join(", ", issue.Components)),
                Markup.Escape(string.Join(", ", issue.Labels)),
                Markup.Escape(flags));
        }

        AnsiConsole.Write(table);
        var console = Console.Out;
        var comments = Sandbox.Issues.Where(i => _before.ContainsKey(i.Id)).Sum(i => Sandbox.Comments(i.Key).Count);
        console.WriteLine($"jira issues: {Count}, triaged: {decisions.Count}, comments: {comments}");
        console.WriteLine($"jira by bucket: {string.Join(", ", decisions.Values.GroupBy(d => d.Bucket).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
        console.WriteLine($"HTTP calls to the site: {Sandbox.CountRequests("GET", "/rest/api/3/")} GET, {Sandbox.CountRequests("PUT", "/rest/api/3/issue")} PUT, {Sandbox.CountRequests("POST", "/rest/api/3/issue")} POST; webhooks delivered by the site: {Sandbox.CountWebhooksDelivered}");
    }

    /// <summary>The escalated incidents: incident number, the Jira issue and its remote link back.</summary>
    public int PrintEscalations(IEnumerable<(string SysId, string Number, string LinkField, string LinkDisplay)> incidents)
    {
        var table = new Table().AddColumns("incident", "jira issue", "project", "incident correlation_id", "remote link on the issue", "summary");
        var count = 0;
        foreach (var (sysId, number, linkField, linkDisplay) in incidents)
        {
            var issues = Sandbox.Issues.Where(i => i.Labels.Contains("snow-" + sysId)).ToList();
            foreach (var issue in issues)
            {
                count++;
                table.AddRow(
                    Markup.Escape(number),
                    Markup.Escape(issue.Key),
                    Markup.Escape(issue.ProjectKey),
                    Markup.Escape($"{linkField} ({linkDisplay})"),
                    Markup.Escape(string.Join(", ", issue.RemoteLinks.Select(l => l.Title))),
                    Markup.Escape(issue.Summary));
            }
        }

        AnsiConsole.Write(table);
        return count;
    }

    public static async Task<Dictionary<string, DecisionRecord>> DecisionsAsync(IAdapterStore store, CancellationToken cancellationToken) =>
        (await store.GetDecisionsAsync(JiraPlatform.PlatformName, cancellationToken)).GroupBy(d => d.TicketId).ToDictionary(g => g.Key, g => g.First());

    public void Dispose() => Sandbox.Dispose();
}
