using System.Globalization;
using System.Net;
using System.Text.Json;
using Adapter.Core.Escalation;
using Adapter.Core.Platforms.Jira;
using Adapter.Core.Platforms.ServiceNow;
using Adapter.Core.Routing;
using Adapter.Worker.Hosting;
using Adapter.Worker.Platforms.Jira;
using Adapter.Worker.Platforms.ServiceNow;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;
using Refit;

namespace Adapter.Worker.Escalation;

/// <summary>Escalations from ServiceNow to the Jira projects of the teams that work there, behind
/// the shared inbox. One item brings one incident's link to where it should be, step by step, each
/// step checked on the platforms before it is taken, so that retries, crashes and duplicate events
/// never open a second issue or write a second note:
/// <list type="number">
/// <item>no issue yet: look for one carrying the incident's marker label (JQL), else create it with the evidence package;</item>
/// <item>a remote link from the issue to the incident (one per <c>globalId</c>);</item>
/// <item>the Jira key in the incident's link field, with one work note;</item>
/// <item>the issue resolved: one work note on the incident (and, if configured, its state);</item>
/// <item>the incident closed or cancelled first: one comment on the issue.</item>
/// </list>
/// Its poll reads changed escalated issues (by their label) back into the inbox.</summary>
internal sealed partial class JiraEscalationPlatform(
    IServiceNowTableApi serviceNow,
    IJiraApi jira,
    JiraSiteContext site,
    IAdapterStore store,
    TriageRules rules,
    EscalationRouter router,
    IOptionsMonitor<CrossPlatformEscalationOptions> options,
    IOptionsMonitor<ServiceNowOptions> serviceNowOptions,
    IOptionsMonitor<JiraOptions> jiraOptions,
    IOptionsMonitor<AdapterOptions> adapter,
    AdapterMetrics metrics,
    TimeProvider time,
    ILogger<JiraEscalationPlatform> logger) : ITicketPlatform
{
    private const string ClosureTag = "[triage-adapter:incident-closed]";

    public string Name => EscalationLink.Platform;

    /// <summary>Checks that every destination project exists on the site and the adapter can search it.</summary>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, destination) in options.CurrentValue.Destinations)
        {
            using var probe = await jira.SearchAsync($"project = \"{destination.ProjectKey}\" ORDER BY updated ASC", 1, "updated", null, cancellationToken);
            if (!probe.IsSuccessStatusCode)
            {
                var detail = probe.Error is ApiException error ? JiraErrors.Describe(error.Content) : probe.Error?.Message ?? "no response";
                var answer = probe.StatusCode is { } status ? $"HTTP {(int)status}: {detail}" : $"no answer: {detail}";
                throw new InvalidOperationException(
                    $"Escalation:Destinations:{name}:ProjectKey: could not search project '{destination.ProjectKey}' on {jiraOptions.CurrentValue.SiteUrl} ({answer}).");
            }
        }
    }

    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var j = jiraOptions.CurrentValue;
        var zone = await site.TimeZoneAsync(cancellationToken);
        var floor = JiraWatermark.Floor(await store.GetWatermarkAsync(Name, cancellationToken), time.GetUtcNow(), j.InitialLookback, "escalation");
        var lower = JiraWatermark.LowerBound(floor, j.PollOverlap, zone);
        var pass = new JiraSearchPass(
            Name, $"labels = \"{o.EscalatedLabel}\" AND updated >= \"{lower}\" ORDER BY updated ASC", "labels,updated", j.PageSize,
            "poll escalated issues", floor, j.PollOverlap, lower,
            (issue, updated) => IncidentOf(issue, o) is { } sysId
                ? new InboxItem(Name, sysId, "jira:" + JiraWatermark.VersionKey(updated), IntakeSource.Poll, time.GetUtcNow())
                : null,
            highest => JiraJson.FormatTime(highest.ToUniversalTime()));
        return (await pass.QueueAsync(jira, store, cancellationToken)).Queued;
    }

    public async Task<ProcessOutcome> ProcessAsync(ClaimedItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var o = options.CurrentValue;
        var sn = serviceNowOptions.CurrentValue;
        if (adapter.CurrentValue.Mode == AdapterMode.Shadow)
        {
            return ProcessOutcome.Shadow;
        }

        var link = EscalationLink.From(item.TicketId, await store.GetTicketAsync(Name, item.TicketId, cancellationToken));
        var incident = await ReadIncidentAsync(item.TicketId, o, sn, cancellationToken);
        if (incident is null)
        {
            return ProcessOutcome.Gone;
        }

        var wrote = false;
        if (link.PendingNote is not null && link.PendingBase is { } pendingBase)
        {
            link = Landed(link, pendingBase, incident, o, sn) ? link.Settle() : link with { PendingNote = null, PendingBase = null };
            await SaveAsync(link, cancellationToken);
        }

        var closed = o.IncidentClosedStateSet().Contains(incident.State);
        if (link.JiraKey is null)
        {
            if (closed)
            {
                return ProcessOutcome.Unchanged;
            }

            var decision = rules.Current.Classify(incident.ShortDescription, incident.Description);
            if (router.Target(decision) is not { } target)
            {
                return ProcessOutcome.Unchanged;
            }

            link = await OpenIssueAsync(link, incident, decision, target, o, sn, cancellationToken);
            wrote = true;
        }

        if (!link.RemoteLinked)
        {
            using var remote = await jira.AddRemoteLinkAsync(link.JiraId!, new JiraRemoteLink
            {
                GlobalId = GlobalId(sn, incident.SysId),
                Relationship = "escalated from",
                Target = new JiraRemoteObject { Url = IncidentUrl(sn, incident.SysId), Title = incident.Number, Summary = "ServiceNow incident" },
            }, cancellationToken);
            EnsureSuccess(remote, "Jira", "add the remote link");
            link = link with { RemoteLinked = true };
            await SaveAsync(link, cancellationToken);
            wrote = true;
        }

        if (!link.IncidentLinked)
        {
            var body = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["work_notes"] = $"[triage-adapter] escalated to Jira {link.JiraKey} ({IssueUrl(link.JiraKey!)}) for {link.Destination}",
            };
            var current = incident.Other(o.LinkField);
            if (current.Length == 0)
            {
                body[o.LinkField] = link.JiraKey!;
                if (o.LinkDisplayField.Length > 0)
                {
                    body[o.LinkDisplayField] = o.LinkDisplay;
                }
            }
            else if (!string.Equals(current, link.JiraKey, StringComparison.Ordinal))
            {
                LogForeignLink(logger, incident.Number, o.LinkField);
            }

            incident = await WriteIncidentAsync(link with { PendingNote = EscalationLink.LinkedNote, PendingBase = incident.SysModCount }, incident, body, o, sn, cancellationToken);
            link = link with { IncidentLinked = true };
            await SaveAsync(link, cancellationToken);
            LogLinked(logger, incident.Number, link.JiraKey!, link.Destination ?? "");
            metrics.Escalation(link.Destination ?? "", "linked");
            wrote = true;
        }

        if (link.ResolutionNoted is not null && (link.ClosureCommented is not null || !closed))
        {
            return wrote ? ProcessOutcome.Written : ProcessOutcome.Unchanged;
        }

        using var read = await jira.GetIssueAsync(link.JiraId!, "status,resolution,comment", null, cancellationToken);
        if (read.StatusCode == HttpStatusCode.NotFound)
        {
            LogIssueGone(logger, incident.Number, link.JiraKey!);
            return wrote ? ProcessOutcome.Written : ProcessOutcome.Gone;
        }

        EnsureSuccess(read, "Jira", "read the escalated issue");
        var issue = read.Content ?? throw new InvalidOperationException($"Jira returned no issue for {link.JiraKey}.");
        var (status, category) = Status(issue);
        if (category == "done" && link.ResolutionNoted is null && !closed)
        {
            var resolution = Resolution(issue) ?? status;
            var body = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["work_notes"] = $"[triage-adapter] Jira {link.JiraKey} resolved: {resolution} (status {status})",
            };
            if (o.LinkDisplayField.Length > 0 && string.Equals(incident.Other(o.LinkField), link.JiraKey, StringComparison.Ordinal))
            {
                body[o.LinkDisplayField] = ResolvedDisplay(o);
            }

            if (o.ResolvedState.Length > 0)
            {
                body["state"] = o.ResolvedState;
                body["close_code"] = o.ResolvedCloseCode;
                body["close_notes"] = $"Resolved in Jira {link.JiraKey}: {resolution}";
            }

            await WriteIncidentAsync(link with { PendingNote = EscalationLink.ResolvedNote, PendingBase = incident.SysModCount }, incident, body, o, sn, cancellationToken);
            link = link with { ResolutionNoted = resolution };
            await SaveAsync(link, cancellationToken);
            LogResolved(logger, incident.Number, link.JiraKey!, resolution);
            metrics.Escalation(link.Destination ?? "", "resolved_noted");
            return ProcessOutcome.Written;
        }

        if (closed && category != "done" && link.ClosureCommented is null)
        {
            if (!HasClosureComment(issue, await site.AccountIdAsync(cancellationToken)))
            {
                var how = incident.State == "8" ? "cancelled" : "closed";
                var text = $"[triage-adapter] ServiceNow incident {incident.Number} was {how} (state {incident.State}) before this issue was resolved. {ClosureTag}";
                using var comment = await jira.AddCommentAsync(link.JiraId!, new JiraNewComment { Body = Adf.Paragraph(text) }, cancellationToken);
                EnsureSuccess(comment, "Jira", "comment on the escalated issue");
                wrote = true;
            }

            link = link with { ClosureCommented = incident.State };
            await SaveAsync(link, cancellationToken);
            LogClosureForwarded(logger, incident.Number, link.JiraKey!);
            metrics.Escalation(link.Destination ?? "", "closure_commented");
        }

        return wrote ? ProcessOutcome.Written : ProcessOutcome.Unchanged;
    }

    /// <summary>Finds the issue this incident already opened (a crash after the create, before the
    /// link was stored) or creates it; stores the link before anything else happens.</summary>
    private async Task<EscalationLink> OpenIssueAsync(
        EscalationLink link, ServiceNowIncident incident, Adapter.Core.Classification.TriageDecision decision, JiraEscalationTarget target,
        CrossPlatformEscalationOptions o, ServiceNowOptions sn, CancellationToken cancellationToken)
    {
        var marker = o.MarkerLabelPrefix + incident.SysId;
        using (var search = await jira.SearchAsync($"labels = \"{marker}\" ORDER BY updated ASC", 5, "labels", null, cancellationToken))
        {
            EnsureSuccess(search, "Jira", "look for an existing escalation");
            if (search.Content?.Issues.FirstOrDefault() is { } existing)
            {
                LogAdopted(logger, incident.Number, existing.Key);
                metrics.Escalation(target.Destination, "adopted");
                var adopted = link with { Destination = target.Destination, JiraId = existing.Id, JiraKey = existing.Key };
                await SaveAsync(adopted, cancellationToken);
                return adopted;
            }
        }

        var package = EscalationPackage.Build(new EscalationRequest(
            incident.Number, IncidentUrl(sn, incident.SysId), incident.ShortDescription, incident.Description, decision, target, o.Description));
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["project"] = JsonSerializer.SerializeToElement(new { key = target.Jira.ProjectKey }),
            ["issuetype"] = JsonSerializer.SerializeToElement(new { name = target.Jira.IssueType }),
            ["summary"] = JsonSerializer.SerializeToElement(package.Summary),
            ["description"] = package.Description,
            ["labels"] = JsonSerializer.SerializeToElement(target.Jira.Labels.Prepend(marker).Prepend(o.EscalatedLabel).Distinct(StringComparer.Ordinal).ToArray()),
        };
        if (target.Jira.Components.Count > 0)
        {
            fields["components"] = JsonSerializer.SerializeToElement(target.Jira.Components.Select(c => new { name = c }).ToArray());
        }

        if (jiraOptions.CurrentValue.Fields.Priorities.TryGetValue(decision.Severity.ToString(CultureInfo.InvariantCulture), out var priority))
        {
            fields["priority"] = JsonSerializer.SerializeToElement(new { name = priority });
        }

        if (target.Jira.TeamField.Length > 0)
        {
            fields[target.Jira.TeamField] = JsonSerializer.SerializeToElement(target.Jira.TeamId);
        }

        using var created = await jira.CreateIssueAsync(new JiraIssueUpdate { Fields = fields }, cancellationToken);
        EnsureSuccess(created, "Jira", "create the escalation issue");
        var issue = created.Content ?? throw new InvalidOperationException("Jira created the escalation issue but returned no key.");
        var opened = link with { Destination = target.Destination, JiraId = issue.Id, JiraKey = issue.Key };
        await SaveAsync(opened, cancellationToken);
        LogOpened(logger, incident.Number, issue.Key, target.Destination, target.Reason, decision.RuleIds);
        metrics.Escalation(target.Destination, "opened");
        return opened;
    }

    private async Task<ServiceNowIncident?> ReadIncidentAsync(string sysId, CrossPlatformEscalationOptions o, ServiceNowOptions sn, CancellationToken cancellationToken)
    {
        var fields = string.Join(',', new[] { ServiceNowIncident.FieldList, o.LinkField, o.LinkDisplayField }.Where(f => f.Length > 0));
        using var read = await serviceNow.GetAsync(sn.Table, sysId, fields, cancellationToken);
        if (read.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(read, "ServiceNow", "read the incident");
        return read.Content?.Result ?? throw new InvalidOperationException($"ServiceNow returned no record for incident {sysId}.");
    }

    /// <summary>PATCHes the incident after recording what is about to be written, so that a lost
    /// answer is settled from the incident itself on the next attempt.</summary>
    private async Task<ServiceNowIncident> WriteIncidentAsync(
        EscalationLink pending, ServiceNowIncident incident, Dictionary<string, string> body, CrossPlatformEscalationOptions o, ServiceNowOptions sn, CancellationToken cancellationToken)
    {
        RoutingFieldAllowlist.EnsureAllowed(RoutingFieldAllowlist.ServiceNowEscalation(o.LinkField, o.LinkDisplayField), body.Keys);
        await SaveAsync(pending, cancellationToken);
        var fields = string.Join(',', new[] { ServiceNowIncident.PollFieldList, "state", o.LinkField, o.LinkDisplayField }.Where(f => f.Length > 0));
        using var write = await serviceNow.PatchAsync(sn.Table, incident.SysId, body, fields, cancellationToken);
        EnsureSuccess(write, "ServiceNow", "update the incident");
        var written = write.Content?.Result;
        if (written is not null)
        {
            incident.SysModCount = written.SysModCount;
            incident.OtherFields = written.OtherFields ?? incident.OtherFields;
        }

        return incident;
    }

    /// <summary>A pending incident write landed when the incident shows it (the link field holds
    /// the key, the display field says resolved) or moved exactly one version, by the adapter.</summary>
    private static bool Landed(EscalationLink link, int pendingBase, ServiceNowIncident incident, CrossPlatformEscalationOptions o, ServiceNowOptions sn)
    {
        if (incident.SysModCount <= pendingBase)
        {
            return false;
        }

        var shows = link.PendingNote switch
        {
            EscalationLink.LinkedNote => string.Equals(incident.Other(o.LinkField), link.JiraKey, StringComparison.Ordinal),
            EscalationLink.ResolvedNote => o.LinkDisplayField.Length > 0 && string.Equals(incident.Other(o.LinkDisplayField), ResolvedDisplay(o), StringComparison.Ordinal),
            _ => false,
        };
        return shows || (incident.SysModCount == pendingBase + 1 && string.Equals(incident.SysUpdatedBy, sn.UserName, StringComparison.OrdinalIgnoreCase));
    }

    private Task SaveAsync(EscalationLink link, CancellationToken cancellationToken) => store.SaveTicketAsync(link.ToState(), time.GetUtcNow(), cancellationToken);

    private static string ResolvedDisplay(CrossPlatformEscalationOptions o) => o.LinkDisplay + " (resolved)";

    private static string? IncidentOf(JiraIssue issue, CrossPlatformEscalationOptions o)
    {
        if (!issue.Fields.TryGetValue("labels", out var labels) || labels.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return labels.EnumerateArray().Select(l => l.GetString() ?? "")
            .FirstOrDefault(l => l.StartsWith(o.MarkerLabelPrefix, StringComparison.Ordinal) && l.Length > o.MarkerLabelPrefix.Length)?[o.MarkerLabelPrefix.Length..];
    }

    private static (string Status, string Category) Status(JiraIssue issue)
    {
        if (!issue.Fields.TryGetValue("status", out var status) || status.ValueKind != JsonValueKind.Object)
        {
            return ("", "");
        }

        var name = status.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        var category = status.TryGetProperty("statusCategory", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("key", out var k) ? k.GetString() ?? "" : "";
        return (name, category);
    }

    private static string? Resolution(JiraIssue issue) =>
        issue.Fields.TryGetValue("resolution", out var r) && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("name", out var n) ? n.GetString() : null;

    private static bool HasClosureComment(JiraIssue issue, string self)
    {
        if (!issue.Fields.TryGetValue("comment", out var raw) || raw.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var page = raw.Deserialize<JiraCommentPage>(JiraJson.Options);
        return page?.Comments.Any(c => string.Equals(c.Author?.AccountId, self, StringComparison.Ordinal) && Adf.PlainText(c.Body).Contains(ClosureTag, StringComparison.Ordinal)) == true;
    }

    private static string GlobalId(ServiceNowOptions sn, string sysId) => $"servicenow:{new Uri(sn.InstanceUrl).Host}:{sn.Table}:{sysId}";

    private static string IncidentUrl(ServiceNowOptions sn, string sysId) => $"{sn.InstanceUrl.TrimEnd('/')}/{sn.Table}.do?sys_id={sysId}";

    private string IssueUrl(string key) => $"{jiraOptions.CurrentValue.SiteUrl.TrimEnd('/')}/browse/{key}";

    private static void EnsureSuccess(IApiResponse response, string platform, string action) =>
        PlatformCallException.ThrowIfFailed(response, platform, action, platform == "Jira" ? JiraErrors.Describe : ServiceNowErrors.Describe);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Incident {Number} escalated: opened Jira {Key} for {Destination} ({Reason}); rules {Rules}")]
    private static partial void LogOpened(ILogger logger, string number, string key, string destination, string reason, string rules);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Incident {Number}: found Jira {Key} already carrying its marker (an earlier attempt created it); linking it instead of opening another")]
    private static partial void LogAdopted(ILogger logger, string number, string key);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Incident {Number} linked to Jira {Key} ({Destination})")]
    private static partial void LogLinked(ILogger logger, string number, string key, string destination);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Incident {Number}: {Field} already holds another integration's value; left as it is, the Jira key is in the work note and the adapter's store")]
    private static partial void LogForeignLink(ILogger logger, string number, string field);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Information, Message = "Incident {Number}: Jira {Key} resolved ({Resolution}); noted on the incident")]
    private static partial void LogResolved(ILogger logger, string number, string key, string resolution);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "Incident {Number} closed before Jira {Key} was resolved; commented on the issue")]
    private static partial void LogClosureForwarded(ILogger logger, string number, string key);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "Incident {Number}: the escalated Jira issue {Key} no longer exists or is not visible to the adapter")]
    private static partial void LogIssueGone(ILogger logger, string number, string key);
}
