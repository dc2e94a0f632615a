using System.Collections.Concurrent;
using Adapter.Core.Escalation;
using Adapter.Sandbox.Jira;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Tests.Platforms.Jira;
using Adapter.Worker.Tests.Platforms.ServiceNow;
using Microsoft.Extensions.DependencyInjection;

namespace Adapter.Worker.Tests.Escalation;

/// <summary>The real worker between a ServiceNow sandbox (the service desk) and a Jira sandbox (the
/// Interface Team's project <c>INTEG</c>), with escalation configured as an admin would: the Interface
/// Team works in Jira. Every request to Jira passes Prism and the official OpenAPI document.</summary>
internal sealed class EscalationHarness : IAsyncDisposable
{
    public const string Project = "INTEG";
    public const string Destination = "Interface Team";
    public const string Person = "557058:interface-analyst";
    private readonly ConcurrentQueue<string> _requestViolations = new();
    private readonly ConcurrentQueue<string> _responseViolations = new();
    private int _checked;

    public EscalationHarness(ServiceNowSandboxOptions? serviceNow = null, JiraSandboxOptions? jira = null)
    {
        Worker = new WorkerHarness(serviceNow);
        var jiraOptions = jira ?? new JiraSandboxOptions();
        jiraOptions.Projects.Add(Project);
        Jira = JiraSandbox.Start(jiraOptions);
        Jira.AddComponent("HL7 Interfaces");
        var s = Worker.Settings;
        s["Jira:SiteUrl"] = Jira.Url;
        s["Jira:Email"] = jiraOptions.Email;
        s["Jira:ApiToken"] = jiraOptions.ApiToken;
        s["Jira:RequestsPerSecond"] = "500";
        s["Jira:RetryBaseDelay"] = "00:00:00.010";
        s["Jira:AttemptTimeout"] = "00:00:05";
        s["Jira:TotalTimeout"] = "00:00:20";
        s["Escalation:Enabled"] = "true";
        s["Escalation:PollInterval"] = "00:00:00.300";
        s[$"Escalation:Destinations:{Destination}:ProjectKey"] = Project;
        s[$"Escalation:Destinations:{Destination}:IssueType"] = "Bug";
        s[$"Escalation:Destinations:{Destination}:Components:0"] = "HL7 Interfaces";
    }

    public WorkerHarness Worker { get; }

    public JiraSandbox Jira { get; }

    public ServiceNowSandbox ServiceNow => Worker.Sandbox;

    public IReadOnlyList<string> RequestViolations => [.. _requestViolations];

    /// <summary>The incidents of a list that the configured policy sends to Jira, by the same classifier.</summary>
    public IReadOnlyList<string> Escalated(IEnumerable<string> sysIds)
    {
        var destinations = new Dictionary<string, JiraDestinationOptions>(StringComparer.Ordinal) { [Destination] = new() { ProjectKey = Project } };
        return [.. sysIds.Where(id =>
        {
            var incident = ServiceNow.GetIncident(id);
            return JiraEscalationPolicy.Decide(WorkerHarness.Classifier.Classify(incident["short_description"], incident["description"]), destinations, []) is not null;
        })];
    }

    /// <summary>The Jira issues carrying an incident's marker label.</summary>
    public IReadOnlyList<JiraSandboxIssue> IssuesOf(string sysId) => [.. Jira.Issues.Where(i => i.Labels.Contains("snow-" + sysId))];

    /// <summary>The incident's work notes that the escalation wrote (not the triage note).</summary>
    public IReadOnlyList<string> EscalationNotes(string sysId) =>
        [.. ServiceNow.WorkNotes(sysId).Select(n => n.Value).Where(v => v.StartsWith("[triage-adapter] escalated", StringComparison.Ordinal) || v.Contains(" resolved: ", StringComparison.Ordinal))];

    public bool Linked(string sysId) =>
        IssuesOf(sysId) is [{ RemoteLinks.Count: 1 } issue] && ServiceNow.GetIncident(sysId)["correlation_id"] == issue.Key && EscalationNotes(sysId).Count >= 1;

    public Task StartAsync(Action<IServiceCollection>? overrides = null) =>
        Worker.StartAsync(services =>
        {
            ContractOverrides(services);
            overrides?.Invoke(services);
        });

    public void AssertContract()
    {
        Assert.True(Volatile.Read(ref _checked) > 0, "no Jira request went through the OpenAPI validator");
        Assert.True(_requestViolations.IsEmpty, "requests the Jira OpenAPI document does not allow:\n" + string.Join('\n', _requestViolations.Distinct()));
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        Jira.Dispose();
    }

    private void ContractOverrides(IServiceCollection services)
    {
        var prism = ContractProxy.PrismAsync().GetAwaiter().GetResult();
        var authority = new Uri(Jira.Url).Authority;
        services.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() =>
            new ContractCheckHandler(prism, _requestViolations, _responseViolations, () => Interlocked.Increment(ref _checked), authority)));
    }
}
