using System.Globalization;
using System.Net;
using System.Text.Json;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.Jira;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;
using Refit;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>Jira behind the shared inbox: polls the enhanced JQL search into the inbox and processes
/// one issue version at a time (read, classify, plan, PUT the routing fields, add one comment).
/// The version of an issue is its changelog total: every field edit adds one history, comments add none.</summary>
internal sealed partial class JiraPlatform(
    IJiraApi api,
    JiraSiteContext site,
    IAdapterStore store,
    TriageRules rules,
    IOptionsMonitor<JiraOptions> options,
    IOptionsMonitor<AdapterOptions> adapter,
    TimeProvider time,
    ILogger<JiraPlatform> logger,
    JiraAudit audit,
    IOptionsMonitor<Adapter.Worker.Escalation.CrossPlatformEscalationOptions> escalation) : ITicketPlatform
{
    public const string PlatformName = "jira";

    private static readonly Dictionary<string, string> NoFields = new(StringComparer.Ordinal);

    public string Name => PlatformName;

    /// <summary>Checks the credentials (<c>/myself</c>), that every mapped custom field exists on the
    /// site with a type the adapter can write, that the site accepts the configured JQL, and, on one
    /// issue in that scope (when there is one), that every mapped field is on the edit screen and
    /// every configured option, priority and component is among its allowed values.</summary>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        _ = await site.AccountIdAsync(cancellationToken);
        using var fields = await api.FieldsAsync(cancellationToken);
        EnsureSuccess(fields, "read the field list");
        var byId = (fields.Content ?? []).ToDictionary(f => f.Id, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (key, id) in o.Fields.CustomFields())
        {
            if (!byId.TryGetValue(id, out var field))
            {
                problems.Add($"Jira:Fields:{key}: field '{id}' does not exist on {o.SiteUrl}");
                continue;
            }

            var wanted = key == "GroupField" && o.Fields.GroupTarget == JiraGroupTarget.TeamField ? "team" : "option";
            var type = field.Schema?.Type ?? "";
            if (!string.Equals(type, wanted, StringComparison.Ordinal) && !(wanted == "team" && (field.Schema?.Custom ?? "").Contains("team", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"Jira:Fields:{key}: field '{id}' ({field.Name}) is of type '{type}', not a {(wanted == "team" ? "Team" : "single-select")} field");
            }
        }

        foreach (var id in JiraRoutingPlanner.FieldIds(o.Fields).Where(f => !f.StartsWith("customfield_", StringComparison.Ordinal)))
        {
            if (!byId.ContainsKey(id))
            {
                problems.Add($"Jira:Fields: the site has no '{id}' field");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Jira field map does not match the site: " + string.Join("; ", problems));
        }

        using var probe = await api.SearchAsync($"({o.Jql}) ORDER BY updated DESC", 1, "updated", null, cancellationToken);
        EnsureSuccess(probe, "check Jira:Jql");
        if (!string.IsNullOrWhiteSpace(o.Audit.ClosedJql))
        {
            using var closed = await api.SearchAsync($"({o.Audit.ClosedJql}) ORDER BY updated DESC", 1, "updated", null, cancellationToken);
            EnsureSuccess(closed, "check Jira:Audit:ClosedJql");
        }

        if (probe.Content?.Issues.FirstOrDefault() is { } sample)
        {
            await VerifyEditScreenAsync(sample, o, cancellationToken);
        }
    }

    /// <summary>An edit naming a field that is not on the issue's edit screen fails with 400 ("Field
    /// cannot be set. It is not on the appropriate screen"), and one naming an option the field does
    /// not have fails too: refuse to start instead, naming the key path and the field.</summary>
    private async Task VerifyEditScreenAsync(JiraIssue sample, JiraOptions o, CancellationToken cancellationToken)
    {
        using var meta = await api.EditMetaAsync(sample.Id, cancellationToken);
        EnsureSuccess(meta, $"read the edit screen of {sample.Key} (editmeta)");
        var screen = meta.Content?.Fields ?? [];
        var problems = new List<string>();
        foreach (var mapped in o.Fields.MappedFields($"{JiraOptions.SectionName}:Fields"))
        {
            if (!screen.TryGetValue(mapped.FieldId, out var field))
            {
                problems.Add($"{mapped.KeyPath}: field '{mapped.FieldId}' is not on the edit screen of {sample.Key} (or the adapter's account may not edit it); add it to the project's edit screen or change the map");
                continue;
            }

            if (mapped.Compare == JiraAllowedValue.None || field.AllowedValues is not { } allowed)
            {
                continue;
            }

            var property = mapped.Compare == JiraAllowedValue.OptionValue ? "value" : "name";
            var names = allowed.Where(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String)
                .Select(a => a.GetProperty(property).GetString()!).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(mapped.Values.Where(v => !names.Contains(v.Value))
                .Select(v => $"{v.KeyPath}: '{v.Value}' is not an allowed value of field '{mapped.FieldId}' ({field.Name}) on {sample.Key}"));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Jira field map does not match the edit screen: " + string.Join("; ", problems.Distinct(StringComparer.Ordinal)));
        }
    }

    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var zone = await site.TimeZoneAsync(cancellationToken);
        var stored = await store.GetWatermarkAsync(Name, cancellationToken);
        var floor = JiraWatermark.Floor(stored, time.GetUtcNow(), o.InitialLookback, "Jira");

        var lower = JiraWatermark.LowerBound(floor, o.PollOverlap, zone);
        var queued = 0;

        // Done issues outside Jira:Jql first, leaving the watermark where it was: if the poll stops
        // half-way, the next one reads them again from the same point.
        if (!string.IsNullOrWhiteSpace(o.Audit.ClosedJql))
        {
            var kept = stored ?? JiraJson.FormatTime(floor.ToUniversalTime());
            (var closed, _) = await PassAsync(o.Audit.ClosedJql, _ => kept, "poll Jira:Audit:ClosedJql", o, floor, lower, cancellationToken);
            queued += closed;
        }

        (var routed, var highest) = await PassAsync(o.Jql, h => JiraJson.FormatTime(h.ToUniversalTime()), "poll", o, floor, lower, cancellationToken);
        queued += routed;
        LogPolled(logger, queued, JiraJson.FormatTime(highest.ToUniversalTime()));
        return queued;
    }

    /// <summary>One paged search of <paramref name="scope"/> updated since <paramref name="lower"/>
    /// into the inbox; each page moves the watermark to what <paramref name="watermark"/> makes of
    /// the highest updated time so far. Returns the items queued and that time.</summary>
    private Task<(int Queued, DateTimeOffset Highest)> PassAsync(
        string scope, Func<DateTimeOffset, string> watermark, string action, JiraOptions o, DateTimeOffset floor, string lower, CancellationToken cancellationToken) =>
        new JiraSearchPass(
            Name, $"({scope}) AND updated >= \"{lower}\" ORDER BY updated ASC", "updated", o.PageSize, action, floor, o.PollOverlap, lower,
            (issue, updated) => new InboxItem(Name, issue.Id, JiraWatermark.VersionKey(updated), IntakeSource.Poll, time.GetUtcNow()),
            watermark).QueueAsync(api, store, cancellationToken);

    public async Task<ProcessOutcome> ProcessAsync(ClaimedItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var o = options.CurrentValue;
        var self = await site.AccountIdAsync(cancellationToken);
        var state = await store.GetTicketAsync(Name, item.TicketId, cancellationToken);
        var fields = new List<string> { "summary", "description", "updated", "created", "status", "labels" };
        fields.AddRange(JiraRoutingPlanner.FieldIds(o.Fields));
        if (state?.PendingWriteBaseVersion is not null)
        {
            fields.Add("comment");
        }

        using var read = await api.GetIssueAsync(item.TicketId, string.Join(',', fields.Distinct(StringComparer.Ordinal)), "changelog", cancellationToken);
        if (read.StatusCode == HttpStatusCode.NotFound)
        {
            return ProcessOutcome.Gone;
        }

        EnsureSuccess(read, "read issue");
        var issue = read.Content ?? throw new InvalidOperationException($"Jira returned no issue for {item.TicketId}.");
        if (item.Source == IntakeSource.Webhook && state is null && !await InScopeAsync(issue.Id, o.Jql, cancellationToken))
        {
            // A webhook's own filter may be wider than Jira:Jql: the JQL is the adapter's scope.
            return ProcessOutcome.Gone;
        }

        if (escalation.CurrentValue.Enabled && HasLabel(issue, escalation.CurrentValue.EscalatedLabel))
        {
            // An issue the adapter opened for a ServiceNow incident is routed by its escalation,
            // not triaged again when the destination project is also in Jira:Jql.
            return ProcessOutcome.Gone;
        }

        var version = issue.Changelog?.Total ?? 0;
        var decision = rules.Current.Classify(issue.Text("summary"), issue.Text("description"));
        var mode = adapter.CurrentValue.Mode;

        if (state?.PendingWriteBaseVersion is { } pendingBase)
        {
            var commentLanded = CommentLanded(issue, self, pendingBase);
            if (state.PendingWrite.Count > 0)
            {
                state = commentLanded || PutLanded(issue, self, pendingBase, state.PendingWrite, o.Fields, decision)
                    ? Landed(state, pendingBase)
                    : state with { PendingWriteBaseVersion = null, PendingWrite = NoFields };
            }

            if (state.PendingWriteBaseVersion is { } owedBase)
            {
                // The fields are written; the comment may not be. Post it once, then settle.
                if (!commentLanded)
                {
                    await CommentAsync(issue.Id, decision, owedBase, "", cancellationToken);
                }

                await store.SaveTicketAsync(state with { PendingWriteBaseVersion = null, PendingWrite = NoFields }, time.GetUtcNow(), cancellationToken);
                await RecordAsync(issue, decision, mode, ProcessOutcome.Written, state.AdapterWrites.Keys, o.Fields, cancellationToken);
                await audit.TrackAsync(issue, decision, o.Fields, owedBase, null, cancellationToken);
                return ProcessOutcome.Written;
            }
        }

        if (state is not null && version <= state.LastProcessedVersion)
        {
            await store.SaveTicketAsync(state, time.GetUtcNow(), cancellationToken);
            return ProcessOutcome.AlreadyProcessed;
        }

        // A done issue is measured, not routed again.
        if (JiraAudit.IsDone(issue, o))
        {
            await audit.CloseAsync(issue, o.Fields, self, cancellationToken);
            var closed = state ?? new TicketState(Name, issue.Id, -1, null, null, NoFields, null, NoFields);
            await store.SaveTicketAsync(closed with { LastProcessedVersion = version }, time.GetUtcNow(), cancellationToken);
            return ProcessOutcome.Unchanged;
        }

        var plan = JiraRoutingPlanner.Plan(decision, issue, o.Fields, state?.AdapterWrites ?? NoFields);
        foreach (var taken in plan.Overrides)
        {
            LogOverride(logger, issue.Key, taken.Field);
        }

        var auditClause = await audit.CheckAsync(issue, decision, plan, state, mode, o.Fields, cancellationToken);

        var baseState = state ?? new TicketState(Name, issue.Id, -1, null, null, NoFields, null, NoFields);
        baseState = baseState with
        {
            FirstBucket = baseState.FirstBucket ?? decision.Bucket.ToWire(),
            FirstGroup = baseState.FirstGroup ?? decision.ResolverGroup,
        };

        if (mode == AdapterMode.Shadow || !plan.HasChanges)
        {
            var outcome = mode == AdapterMode.Shadow ? ProcessOutcome.Shadow : ProcessOutcome.Unchanged;
            var settled = mode == AdapterMode.Shadow ? baseState : baseState with { AdapterWrites = Merge(baseState.AdapterWrites, JiraRoutingPlanner.Agreed(decision, issue, o.Fields, baseState.AdapterWrites)) };
            await store.SaveTicketAsync(settled with { LastProcessedVersion = version }, time.GetUtcNow(), cancellationToken);
            await RecordAsync(issue, decision, mode, outcome, plan.Changes.Keys, o.Fields, cancellationToken);
            await audit.TrackAsync(issue, decision, o.Fields, version, null, cancellationToken);
            return outcome;
        }

        // Remember what is about to be written before writing it: if an answer is lost, the next
        // attempt tells from the changelog and the comments what landed, and never comments twice.
        var pending = baseState with
        {
            AdapterWrites = Merge(baseState.AdapterWrites, JiraRoutingPlanner.Agreed(decision, issue, o.Fields, baseState.AdapterWrites)),
            PendingWriteBaseVersion = version,
            PendingWrite = plan.Changes,
        };
        await store.SaveTicketAsync(pending, time.GetUtcNow(), cancellationToken);
        using (var write = await api.EditIssueAsync(issue.Id, JiraRoutingPlanner.Update(plan, issue, o.Fields, decision), o.NotifyUsers ? "true" : "false", cancellationToken))
        {
            EnsureSuccess(write, "edit issue");
        }

        var written = Landed(pending, version);
        await store.SaveTicketAsync(written, time.GetUtcNow(), cancellationToken);
        await CommentAsync(issue.Id, decision, version, auditClause, cancellationToken);
        await store.SaveTicketAsync(written with { PendingWriteBaseVersion = null }, time.GetUtcNow(), cancellationToken);
        await RecordAsync(issue, decision, mode, ProcessOutcome.Written, plan.Changes.Keys, o.Fields, cancellationToken);
        await audit.TrackAsync(issue, decision, o.Fields, version, plan.Changes.GetValueOrDefault(JiraRoutingPlanner.GroupSlot), cancellationToken);
        LogWritten(logger, issue.Key, decision.Bucket.ToWire(), decision.Severity, plan.Changes.Count);
        return ProcessOutcome.Written;
    }

    /// <summary>The edit landed: its values join the adapter's writes and the version moves past
    /// the adapter's own history entry; the base stays set until the comment is known to be there.</summary>
    private static TicketState Landed(TicketState state, int pendingBase)
    {
        var writes = new Dictionary<string, string>(state.AdapterWrites, StringComparer.Ordinal);
        foreach (var (slot, value) in state.PendingWrite)
        {
            writes[slot] = value;
        }

        return state with { LastProcessedVersion = Math.Max(state.LastProcessedVersion, pendingBase + 1), AdapterWrites = writes, PendingWrite = NoFields };
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> writes, IReadOnlyDictionary<string, string> more)
    {
        var merged = new Dictionary<string, string>(writes, StringComparer.Ordinal);
        foreach (var (slot, value) in more)
        {
            merged[slot] = value;
        }

        return merged;
    }

    /// <summary>Whether the adapter's edit after <paramref name="pendingBase"/> is in the changelog;
    /// when the page of histories is cut short, whether the issue carries every planned value.</summary>
    private static bool PutLanded(JiraIssue issue, string self, int pendingBase, IReadOnlyDictionary<string, string> planned, JiraFieldMapOptions map, TriageDecision decision)
    {
        var log = issue.Changelog;
        if (log is null || log.Total <= pendingBase)
        {
            return false;
        }

        if (log.StartAt <= pendingBase && log.StartAt + log.Histories.Count >= log.Total)
        {
            return log.Histories.Skip(pendingBase - log.StartAt).Any(h => string.Equals(h.Author?.AccountId, self, StringComparison.Ordinal));
        }

        var probe = JiraRoutingPlanner.Plan(decision, issue, map, NoFields);
        return planned.Keys.All(k => !probe.Changes.ContainsKey(k));
    }

    private static bool CommentLanded(JiraIssue issue, string self, int pendingBase)
    {
        if (!issue.Fields.TryGetValue("comment", out var raw) || raw.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var page = raw.Deserialize<JiraCommentPage>(JiraJson.Options);
        var tag = JiraRoutingPlanner.VersionTag(pendingBase);
        return page?.Comments.Any(c => string.Equals(c.Author?.AccountId, self, StringComparison.Ordinal)
            && Adf.PlainText(c.Body).EndsWith(tag, StringComparison.Ordinal)) == true;
    }

    private static bool HasLabel(JiraIssue issue, string label) =>
        issue.Fields.TryGetValue("labels", out var labels) && labels.ValueKind == JsonValueKind.Array
        && labels.EnumerateArray().Any(l => l.ValueKind == JsonValueKind.String && l.GetString() == label);

    private async Task<bool> InScopeAsync(string issueId, string jql, CancellationToken cancellationToken)
    {
        using var response = await api.SearchAsync($"({jql}) AND id = {issueId}", 1, "updated", null, cancellationToken);
        EnsureSuccess(response, "check the issue against Jira:Jql");
        return response.Content?.Issues.Any(i => i.Id == issueId) == true;
    }

    private async Task CommentAsync(string issueId, TriageDecision decision, int baseVersion, string auditClause, CancellationToken cancellationToken)
    {
        using var response = await api.AddCommentAsync(issueId, new JiraNewComment { Body = Adf.Paragraph(JiraRoutingPlanner.Comment(decision, baseVersion, auditClause)) }, cancellationToken);
        EnsureSuccess(response, "add comment");
    }

    private Task RecordAsync(JiraIssue issue, TriageDecision decision, AdapterMode mode, ProcessOutcome outcome, IEnumerable<string> changed, JiraFieldMapOptions map, CancellationToken cancellationToken)
    {
        return store.RecordDecisionAsync(
            new DecisionRecord(
                Name, issue.Id, issue.Key, issue.Changelog?.Total ?? 0, decision.Bucket.ToWire(), decision.SecondaryBucket?.ToWire(),
                decision.System.ToWire(), decision.Severity, decision.ResolverGroup, decision.Confidence, decision.NeedsReview,
                decision.Escalation?.Trigger.ToWire(), decision.RuleIds, mode.ToString(), outcome.ToString(),
                JiraRoutingPlanner.CurrentOf(JiraRoutingPlanner.BucketFieldSlot, issue, map), JiraRoutingPlanner.CurrentOf(JiraRoutingPlanner.GroupSlot, issue, map),
                string.Join(',', changed), time.GetUtcNow()),
            cancellationToken);
    }

    private static void EnsureSuccess(IApiResponse response, string action) =>
        PlatformCallException.ThrowIfFailed(response, "Jira", action, JiraErrors.Describe);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Jira poll queued {Queued} issue versions; watermark {Watermark}")]
    private static partial void LogPolled(ILogger logger, int queued, string watermark);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Issue {Key} routed: bucket {Bucket}, severity {Severity}, {FieldCount} field(s) written")]
    private static partial void LogWritten(ILogger logger, string key, string bucket, int severity, int fieldCount);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Issue {Key}: a person changed {Field} after the adapter set it; leaving it")]
    private static partial void LogOverride(ILogger logger, string key, string field);
}
