using Adapter.Sandbox.Jira;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Adapter.Worker.Tests.Storage;
using Adapter.Worker.Tests.Platforms.ServiceNow;
using Microsoft.Extensions.DependencyInjection;

namespace Adapter.Worker.Tests.Escalation;

/// <summary>ServiceNow incidents routed to a group that works in Jira, end to end through both
/// sandboxes: one issue per incident, linked both ways, whatever faults, duplicates and crashes.</summary>
[Collection(WorkerHostTests.Name)]
public sealed class EscalationEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Under 20% faults an escalation (search, create, remote link, PATCH) can fail several attempts
    // in a row, and the inbox backs off exponentially between them.
    private static readonly TimeSpan FaultPatience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Escalate_InteroperabilityIncidents_OneIssueEachLinkedBothWays()
    {
        await using var h = new EscalationHarness();
        var incidents = h.Worker.SeedSamples(40);
        var escalated = h.Escalated(incidents);
        Assert.InRange(escalated.Count, 3, 40);

        await h.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => escalated.All(h.Linked), Patience);
        await Task.Delay(1500);

        foreach (var id in incidents)
        {
            var incident = h.ServiceNow.GetIncident(id);
            if (!escalated.Contains(id))
            {
                Assert.Empty(h.IssuesOf(id));
                Assert.Equal("", incident["correlation_id"]);
                continue;
            }

            var issue = Assert.Single(h.IssuesOf(id));
            Assert.Equal((EscalationHarness.Project, "Bug"), (issue.ProjectKey, issue.IssueType));
            Assert.Contains("triage-escalated", issue.Labels);
            Assert.Contains("HL7 Interfaces", issue.Components);
            Assert.StartsWith($"[{incident["number"]}] interoperability / ", issue.Summary, StringComparison.Ordinal);
            Assert.Contains("Data path and evidence", issue.Description, StringComparison.Ordinal);
            Assert.Contains("Rules: ", issue.Description, StringComparison.Ordinal);
            var link = Assert.Single(issue.RemoteLinks);
            Assert.Equal(incident["number"], link.Title);
            Assert.Contains(id, link.Url, StringComparison.Ordinal);
            Assert.Equal((issue.Key, "Jira"), (incident["correlation_id"], incident["correlation_display"]));
            Assert.Single(h.EscalationNotes(id));
        }

        h.AssertContract();
    }

    [Fact]
    public async Task Escalate_TwentyPercentFaultsAndDuplicateEvents_NeverASecondIssueOrNote()
    {
        var faults = new ServiceNowFaultOptions { Rate = 0.2, Seed = 7, RetryAfterSeconds = 0 };
        await using var h = new EscalationHarness(
            new ServiceNowSandboxOptions { Faults = faults },
            new JiraSandboxOptions { Faults = new ServiceNowFaultOptions { Rate = 0.2, Seed = 11, RetryAfterSeconds = 0 } });
        var incidents = h.Worker.SeedSamples(30);
        var escalated = h.Escalated(incidents);

        await h.StartAsync();
        foreach (var id in incidents)
        {
            // Every change notified twice, as a business rule that fires on insert and update would.
            using var first = await h.Worker.NotifyAsync(id);
            using var again = await h.Worker.NotifyAsync(id);
        }

        await WorkerHarness.WaitUntilAsync(() => escalated.All(h.Linked), FaultPatience);
        await Task.Delay(2000);

        Assert.True(h.Jira.CountFaults > 0 && h.ServiceNow.CountRequests("GET", "/api/now/table/incident") > 0);
        foreach (var id in escalated)
        {
            Assert.Single(h.IssuesOf(id));
            Assert.Single(h.EscalationNotes(id));
        }

        Assert.Equal(escalated.Count, h.Jira.Issues.Count);
        h.AssertContract();
    }

    [PostgresFact]
    public async Task Escalate_PostgresStoreWithFaults_OneIssueAndNoteEach()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var h = new EscalationHarness(
            new ServiceNowSandboxOptions { Faults = new ServiceNowFaultOptions { Rate = 0.2, Seed = 3, RetryAfterSeconds = 0 } },
            new JiraSandboxOptions { Faults = new ServiceNowFaultOptions { Rate = 0.2, Seed = 5, RetryAfterSeconds = 0 } });
        h.Worker.Settings["Adapter:Store"] = "postgres";
        h.Worker.Settings["Adapter:PostgresConnectionString"] = database.ConnectionString;
        var incidents = h.Worker.SeedSamples(30);
        var escalated = h.Escalated(incidents);

        await h.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => escalated.All(h.Linked), FaultPatience);
        await Task.Delay(1500);

        Assert.Equal(escalated.Count, h.Jira.Issues.Count);
        Assert.All(escalated, id => Assert.Single(h.EscalationNotes(id)));
        Assert.Equal(escalated.Count, await database.ScalarAsync<long>("SELECT count(*) FROM tickets WHERE platform = 'escalation' AND adapter_writes ? 'incident_linked'"));
    }

    [Fact]
    public async Task Escalate_CrashAfterCreateBeforeLinkStored_RestartFindsTheIssue()
    {
        await using var h = new EscalationHarness();
        var incidents = h.Worker.SeedSamples(40);
        var target = h.Escalated(incidents)[0];
        var (crashing, probe) = CrashAfterCreateStore.Wrap(h.Worker.OpenStore(), target);

        await h.StartAsync(services => services.AddSingleton(crashing));
        await WorkerHarness.WaitUntilAsync(() => probe.Crashed, Patience);
        await h.Worker.StopAsync();
        Assert.Single(h.IssuesOf(target));
        Assert.Null((await h.Worker.OpenStore().GetTicketAsync("escalation", target, CancellationToken.None))?.AdapterWrites.GetValueOrDefault("jira_key"));

        await h.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => h.Linked(target), Patience);

        var issue = Assert.Single(h.IssuesOf(target));
        Assert.Equal(issue.Key, (await h.Worker.OpenStore().GetTicketAsync("escalation", target, CancellationToken.None))!.AdapterWrites["jira_key"]);
        Assert.Single(h.EscalationNotes(target));
        Assert.Contains("already carrying its marker", h.Worker.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JiraResolved_IncidentGetsOneNoteAndStateNoEcho()
    {
        await using var h = new EscalationHarness();
        h.Worker.Settings["Escalation:ResolvedState"] = "6";
        var incidents = h.Worker.SeedSamples(40);
        var target = h.Escalated(incidents)[0];
        await h.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => h.Linked(target), Patience);
        var key = Assert.Single(h.IssuesOf(target)).Key;

        h.Jira.TransitionAsHuman(key, EscalationHarness.Person, "Done", "Done", "Fixed");
        await WorkerHarness.WaitUntilAsync(() => h.ServiceNow.GetIncident(target)["state"] == "6", Patience);
        var comments = h.Jira.Comments(key).Count;
        await Task.Delay(2500);

        var incident = h.ServiceNow.GetIncident(target);
        Assert.Single(h.ServiceNow.WorkNotes(target), n => n.Value.Contains($"Jira {key} resolved: Fixed", StringComparison.Ordinal));
        Assert.Equal(("6", "Solved (Permanently)", "Jira (resolved)"), (incident["state"], incident["close_code"], incident["correlation_display"]));
        Assert.Equal(comments, h.Jira.Comments(key).Count);
        Assert.Single(h.IssuesOf(target));
        using var http = h.Worker.Client();
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("adapter_escalations_total{destination=\"Interface Team\",step=\"resolved_noted\"} 1", metrics, StringComparison.Ordinal);
        Assert.Matches("adapter_escalations_total\\{destination=\"Interface Team\",step=\"opened\"\\} [1-9]", metrics);
    }

    [Fact]
    public async Task JiraResolved_SignedWebhookOnly_IncidentNotedOnce()
    {
        await using var h = new EscalationHarness();
        const string Secret = "test-jira-webhook-secret-not-real";
        h.Worker.Settings["Jira:WebhookSecret"] = Secret;
        h.Worker.Settings["Escalation:PollInterval"] = "01:00:00";
        var incidents = h.Worker.SeedSamples(40);
        var target = h.Escalated(incidents)[0];
        await h.StartAsync();
        using (await h.Worker.NotifyAsync(target))
        {
        }

        await WorkerHarness.WaitUntilAsync(() => h.Linked(target), Patience);
        h.Jira.EnableWebhooks(new Uri($"http://127.0.0.1:{h.Worker.Port}/webhooks/jira"), Secret);
        var key = Assert.Single(h.IssuesOf(target)).Key;

        h.Jira.TransitionAsHuman(key, EscalationHarness.Person, "Won't Fix", "Done", "Won't Do");
        await WorkerHarness.WaitUntilAsync(() => h.EscalationNotes(target).Count == 2, Patience);
        await Task.Delay(1500);

        Assert.Single(h.ServiceNow.WorkNotes(target), n => n.Value.Contains($"Jira {key} resolved: Won't Do (status Won't Fix)", StringComparison.Ordinal));
        Assert.Equal("1", h.ServiceNow.GetIncident(target)["state"]);
        Assert.Empty(h.Jira.Comments(key));
    }

    [Fact]
    public async Task IncidentCancelledFirst_IssueGetsOneComment()
    {
        await using var h = new EscalationHarness();
        var incidents = h.Worker.SeedSamples(40);
        var target = h.Escalated(incidents)[0];
        await h.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => h.Linked(target), Patience);
        var key = Assert.Single(h.IssuesOf(target)).Key;

        h.ServiceNow.EditAsHuman(target, "service.desk.agent", new Dictionary<string, string> { ["state"] = "8" });
        await WorkerHarness.WaitUntilAsync(() => h.Jira.Comments(key).Count > 0, Patience);
        await Task.Delay(2000);

        var comment = Assert.Single(h.Jira.Comments(key));
        Assert.Equal(h.Jira.AccountId, comment.AuthorAccountId);
        Assert.Contains("was cancelled (state 8)", comment.Text, StringComparison.Ordinal);
        Assert.Single(h.EscalationNotes(target));
    }

    [Fact]
    public async Task Escalate_FakeIdentifiersInText_NoneReachJira()
    {
        await using var h = new EscalationHarness();
        var id = h.ServiceNow.AddIncident(new Dictionary<string, string>
        {
            ["short_description"] = "HL7 ADT^A08 messages from Epic not reaching the lab system since 14:05",
            ["description"] = "Interface engine queue backed up after last night's upgrade. Example: patient Jane Testpatient, MRN 00123456, "
                + "DOB 01/02/1950, SSN 123-45-6789, call back 555-010-0199 or jane.testpatient@example.org. Message control id MSG20261204001, PID-3 mapping suspect, all units affected.",
        });

        await h.StartAsync();
        using (await h.Worker.NotifyAsync(id))
        {
        }

        await WorkerHarness.WaitUntilAsync(() => h.Linked(id), Patience);
        var issue = Assert.Single(h.IssuesOf(id));
        var carried = issue.Summary + "\n" + issue.Description;
        foreach (var secret in new[] { "Jane", "Testpatient", "00123456", "01/02/1950", "1950", "123-45-6789", "555-010-0199", "jane.testpatient@example.org" })
        {
            Assert.DoesNotContain(secret, carried, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("Patient identifier present: yes (value not carried)", carried, StringComparison.Ordinal);
        Assert.Contains("ADT^A08", carried, StringComparison.Ordinal);
        Assert.Contains("MSG20261204001", carried, StringComparison.Ordinal);
        Assert.Contains("PID-3", carried, StringComparison.Ordinal);
        Assert.Contains("[mrn]", carried, StringComparison.Ordinal);
        Assert.Contains("patient [name]", carried, StringComparison.Ordinal);
        h.AssertContract();
    }

    [Fact]
    public async Task Escalate_DescriptionOmitted_PackageCarriesEvidenceOnly()
    {
        await using var h = new EscalationHarness();
        h.Worker.Settings["Escalation:Description"] = "Omitted";
        var id = h.ServiceNow.AddIncident(new Dictionary<string, string>
        {
            ["short_description"] = "ORU results interface down",
            ["description"] = "No lab results filing from the LIS to the EHR since 0300; nurses on every unit calling.",
        });

        await h.StartAsync();
        using (await h.Worker.NotifyAsync(id))
        {
        }

        await WorkerHarness.WaitUntilAsync(() => h.Linked(id), Patience);
        var issue = Assert.Single(h.IssuesOf(id));
        Assert.DoesNotContain("nurses on every unit calling", issue.Description, StringComparison.Ordinal);
        Assert.Contains("Not carried by configuration", issue.Description, StringComparison.Ordinal);
        Assert.Contains("Message type: ORU", issue.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalate_DestinationAlsoInJiraTriageScope_IssueNotTriagedAgain()
    {
        await using var h = new EscalationHarness();
        foreach (var component in WorkerHarness.BaseConfiguration.GetSection("Jira:Fields:BucketComponents").GetChildren().Select(c => c.Value!)
            .Concat(WorkerHarness.BaseConfiguration.GetSection("Jira:Fields:Groups").GetChildren().Select(c => c.Value!)))
        {
            h.Jira.AddComponent(component);
        }

        h.Worker.Settings["Jira:Enabled"] = "true";
        h.Worker.Settings["Jira:Jql"] = $"project = {EscalationHarness.Project}";
        h.Worker.Settings["Jira:Audit:ClosedJql"] = "";
        h.Worker.Settings["Jira:PollInterval"] = "00:00:00.300";
        var incidents = h.Worker.SeedSamples(30);
        var escalated = h.Escalated(incidents);

        await h.StartAsync();
        await WorkerHarness.WaitUntilAsync(() => escalated.All(h.Linked), Patience);
        await Task.Delay(2000);

        Assert.All(h.Jira.Issues, issue =>
        {
            Assert.Equal(0, issue.HistoryCount);
            Assert.Empty(h.Jira.Comments(issue.Key));
        });
        Assert.Equal(0, h.Jira.CountRequests("PUT", "/rest/api/3/issue"));
    }

    [Fact]
    public async Task Escalate_ShadowMode_NothingOpened()
    {
        await using var h = new EscalationHarness();
        h.Worker.Settings["Adapter:Mode"] = "Shadow";
        var incidents = h.Worker.SeedSamples(20);
        await h.StartAsync();
        var store = h.Worker.OpenStore();
        await WorkerHarness.WaitUntilAsync(() => store.GetDecisionsAsync("servicenow", CancellationToken.None).GetAwaiter().GetResult().Select(d => d.TicketId).Distinct().Count() == incidents.Count, Patience);
        await Task.Delay(1000);

        Assert.Empty(h.Jira.Issues);
        Assert.Equal(0, h.Jira.CountRequests("POST", "/rest/api/3/issue"));
    }
}
