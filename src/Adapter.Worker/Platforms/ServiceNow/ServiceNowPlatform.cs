using System.Globalization;
using System.Net;
using Adapter.Core.Classification;
using Adapter.Core.Platforms.ServiceNow;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;
using Adapter.Worker.Hosting;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;
using Refit;

namespace Adapter.Worker.Platforms.ServiceNow;

/// <summary>ServiceNow behind the shared inbox: polls the Table API into the inbox and processes
/// one incident version at a time (read, classify, plan, PATCH with one work note).</summary>
internal sealed partial class ServiceNowPlatform(
    IServiceNowTableApi api,
    IAdapterStore store,
    TriageRules rules,
    IOptionsMonitor<ServiceNowOptions> options,
    IOptionsMonitor<AdapterOptions> adapter,
    TimeProvider time,
    ILogger<ServiceNowPlatform> logger,
    ServiceNowAudit audit,
    Adapter.Worker.Escalation.EscalationRouter escalation) : ITicketPlatform
{
    public const string PlatformName = "servicenow";

    public string Name => PlatformName;

    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var terms = ServiceNowFilter.Parse(o.Filter);
        if (terms.Count == 0)
        {
            return;
        }

        var fields = string.Join(',', terms.Where(t => t.Field.Length > 0).Select(t => t.Field).Append("sys_id").Distinct());
        using var response = await api.ListRawAsync(o.Table, o.Filter, 50, fields, cancellationToken);
        EnsureSuccess(response, "check the configured filter");
        var rows = response.Content?.Result ?? [];
        var ignored = terms.Where(t => t.Operator == "UNSUPPORTED" || rows.Any(r => !ServiceNowFilter.Holds(t, r))).Select(t => t.Raw).ToList();
        foreach (var term in ignored)
        {
            LogFilterTermIgnored(logger, term, o.Filter);
        }

        if (ignored.Count > 0 && o.RefuseIgnoredFilterTerms)
        {
            throw new InvalidOperationException(
                $"ServiceNow:Filter: the instance ignored term(s) {string.Join(", ", ignored.Select(t => $"'{t}'"))}; rows outside the intended scope came back. Fix the filter or set ServiceNow:RefuseIgnoredFilterTerms=false.");
        }
    }

    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var watermark = await store.GetWatermarkAsync(Name, cancellationToken)
            ?? ServiceNowJson.FormatTime(time.GetUtcNow() - o.InitialLookback);
        if (!ServiceNowJson.TryParseTime(watermark, out var floor))
        {
            throw new InvalidOperationException($"Stored ServiceNow watermark '{watermark}' is not a ServiceNow time.");
        }

        // ">=" re-reads the watermark's own second, so a ticket updated later in that second is
        // not lost; the inbox's (ticket, version) key makes the re-read harmless.
        // Pages follow a key, (sys_updated_on, sys_id) after the last row read, not an offset: a
        // ticket updated during the pass (by a person, or by the adapter processing an earlier
        // page) moves later in that order, so no unread ticket slides into a page already read.
        // With offsets, every such update made the pass skip one ticket for good.
        var scope = string.IsNullOrWhiteSpace(o.Filter) ? "" : o.Filter + "^";
        var query = scope + $"sys_updated_on>={watermark}^ORDERBYsys_updated_on^ORDERBYsys_id";
        var queued = 0;
        var highest = floor;
        (string Time, string Id)? after = null;
        while (true)
        {
            using var response = await api.ListAsync(o.Table, query, o.PageSize, 0, ServiceNowIncident.PollFieldList, cancellationToken);
            EnsureSuccess(response, "poll");
            var rows = response.Content?.Result ?? [];
            var now = time.GetUtcNow();
            var items = new List<InboxItem>(rows.Count);
            foreach (var row in rows)
            {
                if (row.SysUpdatedOn is not { } updated || updated < floor)
                {
                    // The instance dropped the watermark term: do not enqueue the whole table.
                    throw new InvalidOperationException($"ServiceNow returned incident {row.SysId} updated at {row.SysUpdatedOn?.ToString("u", CultureInfo.InvariantCulture) ?? "(none)"}, before the watermark {watermark}; the query was not applied as written.");
                }

                highest = updated > highest ? updated : highest;
                items.Add(new InboxItem(Name, row.SysId, row.SysModCount.ToString(CultureInfo.InvariantCulture), IntakeSource.Poll, now));
            }

            queued += await store.EnqueuePageAsync(Name, items, ServiceNowJson.FormatTime(highest), cancellationToken);
            if (rows.Count < o.PageSize)
            {
                break;
            }

            (string Time, string Id) last = (ServiceNowJson.FormatTime(rows[^1].SysUpdatedOn!.Value), rows[^1].SysId);
            if (after == last)
            {
                throw new InvalidOperationException($"ServiceNow returned the same page twice after incident {last.Id}; the paging query was not applied as written.");
            }

            after = last;
            query = scope + $"sys_updated_on>={last.Time}^sys_updated_on>{last.Time}^ORsys_id>{last.Id}^ORDERBYsys_updated_on^ORDERBYsys_id";
        }

        LogPolled(logger, queued, ServiceNowJson.FormatTime(highest));
        return queued;
    }

    public async Task<ProcessOutcome> ProcessAsync(ClaimedItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var o = options.CurrentValue;
        var state = await store.GetTicketAsync(Name, item.TicketId, cancellationToken);

        // A polled version at or below the last one handled (our own PATCH echoing back) needs no read.
        if (item.Source == IntakeSource.Poll && state is not null
            && int.TryParse(item.Version, NumberStyles.Integer, CultureInfo.InvariantCulture, out var polled) && polled <= state.LastProcessedVersion)
        {
            return ProcessOutcome.AlreadyProcessed;
        }

        using var read = await api.GetAsync(o.Table, item.TicketId, ServiceNowIncident.FieldList, cancellationToken);
        if (read.StatusCode == HttpStatusCode.NotFound)
        {
            return ProcessOutcome.Gone;
        }

        EnsureSuccess(read, "read incident");
        var incident = read.Content?.Result ?? throw new InvalidOperationException($"ServiceNow returned no record for incident {item.TicketId}.");
        var hadPendingWrite = state?.PendingWriteBaseVersion is not null;
        state = Reconcile(state, incident, o.UserName);
        if (state is not null && incident.SysModCount <= state.LastProcessedVersion)
        {
            await store.SaveTicketAsync(state, time.GetUtcNow(), cancellationToken);
            if (hadPendingWrite && state.PendingWriteBaseVersion is null && adapter.CurrentValue.Mode == AdapterMode.Enforce)
            {
                // The last attempt's PATCH landed but its answer was lost, so that attempt ended
                // before routing the escalation; route it now (the router is idempotent).
                await escalation.DecidedAsync(incident.SysId, incident.SysModCount, rules.Current.Classify(incident.ShortDescription, incident.Description), cancellationToken);
            }

            return ProcessOutcome.AlreadyProcessed;
        }

        // A resolved or closed incident is measured, not routed again.
        if (ServiceNowAudit.IsClosed(incident, o))
        {
            await audit.CloseAsync(incident, o, cancellationToken);
            var closedState = state ?? new TicketState(Name, incident.SysId, -1, null, null, new Dictionary<string, string>(), null, new Dictionary<string, string>());
            await store.SaveTicketAsync(closedState with { LastProcessedVersion = incident.SysModCount }, time.GetUtcNow(), cancellationToken);
            await escalation.ClosedAsync(incident.SysId, incident.SysModCount, cancellationToken);
            return ProcessOutcome.Unchanged;
        }

        var decision = rules.Current.Classify(incident.ShortDescription, incident.Description);
        var plan = ServiceNowRoutingPlanner.Plan(decision, incident, o.Fields, state?.AdapterWrites ?? new Dictionary<string, string>());
        var mode = adapter.CurrentValue.Mode;
        foreach (var taken in plan.Overrides)
        {
            LogOverride(logger, incident.Number, taken.Field);
        }

        var auditWrite = await audit.CheckAsync(incident, decision, plan, state, mode, o, cancellationToken);

        var baseState = state ?? new TicketState(Name, incident.SysId, -1, null, null, new Dictionary<string, string>(), null, new Dictionary<string, string>());
        baseState = baseState with
        {
            FirstBucket = baseState.FirstBucket ?? decision.Bucket.ToWire(),
            FirstGroup = baseState.FirstGroup ?? decision.ResolverGroup,
        };

        if (mode == AdapterMode.Shadow || !plan.HasChanges)
        {
            var outcome = mode == AdapterMode.Shadow ? ProcessOutcome.Shadow : ProcessOutcome.Unchanged;
            await store.SaveTicketAsync(baseState with { LastProcessedVersion = incident.SysModCount }, time.GetUtcNow(), cancellationToken);
            await RecordAsync(incident, decision, mode, outcome, plan.Changes.Keys, cancellationToken);
            await audit.TrackAsync(incident, decision, o, null, null, cancellationToken);
            if (mode == AdapterMode.Enforce)
            {
                await escalation.DecidedAsync(incident.SysId, incident.SysModCount, decision, cancellationToken);
            }

            return outcome;
        }

        // Remember what is about to be written before writing it: if the answer is lost, the next
        // attempt can tell from the incident whether this PATCH landed, and never notes twice.
        await store.SaveTicketAsync(baseState with { PendingWriteBaseVersion = incident.SysModCount, PendingWrite = plan.Changes }, time.GetUtcNow(), cancellationToken);
        var body = new Dictionary<string, string>(plan.Changes, StringComparer.Ordinal)
        {
            ["work_notes"] = ServiceNowRoutingPlanner.WorkNote(decision) + auditWrite.NoteClause,
        };
        if (auditWrite.FlagValue is not null && o.Audit.FlagField.Length > 0)
        {
            body[o.Audit.FlagField] = auditWrite.FlagValue;
        }

        RoutingFieldAllowlist.EnsureAllowed(RoutingFieldAllowlist.WithAuditFlagField(RoutingFieldAllowlist.ServiceNow, o.Audit.FlagField), body.Keys);
        using var write = await api.PatchAsync(o.Table, incident.SysId, body, ServiceNowIncident.PollFieldList + ",reassignment_count", cancellationToken);
        EnsureSuccess(write, "update incident");
        var written = write.Content?.Result;
        var writes = new Dictionary<string, string>(baseState.AdapterWrites, StringComparer.Ordinal);
        foreach (var (field, value) in plan.Changes)
        {
            writes[field] = value;
        }

        await store.SaveTicketAsync(
            baseState with { LastProcessedVersion = written?.SysModCount ?? incident.SysModCount + 1, AdapterWrites = writes, PendingWriteBaseVersion = null, PendingWrite = new Dictionary<string, string>() },
            time.GetUtcNow(),
            cancellationToken);
        await RecordAsync(incident, decision, mode, ProcessOutcome.Written, plan.Changes.Keys, cancellationToken);
        await audit.TrackAsync(incident, decision, o, plan.Changes.GetValueOrDefault("assignment_group"), written?.ReassignmentCount, cancellationToken);
        await escalation.DecidedAsync(incident.SysId, incident.SysModCount, decision, cancellationToken);
        return ProcessOutcome.Written;
    }

    /// <summary>Settles a write whose answer was lost: it landed when the incident moved exactly
    /// one version, by the adapter's user, or when it already carries every planned value.</summary>
    private static TicketState? Reconcile(TicketState? state, ServiceNowIncident incident, string adapterUser)
    {
        if (state?.PendingWriteBaseVersion is not { } pendingBase)
        {
            return state;
        }

        var landed = (incident.SysModCount == pendingBase + 1 && string.Equals(incident.SysUpdatedBy, adapterUser, StringComparison.OrdinalIgnoreCase))
            || (incident.SysModCount > pendingBase && state.PendingWrite.All(kv => incident.RoutingValue(kv.Key) == kv.Value));
        if (!landed)
        {
            return state with { PendingWriteBaseVersion = null, PendingWrite = new Dictionary<string, string>() };
        }

        var writes = new Dictionary<string, string>(state.AdapterWrites, StringComparer.Ordinal);
        foreach (var (field, value) in state.PendingWrite)
        {
            writes[field] = value;
        }

        return state with { LastProcessedVersion = Math.Max(state.LastProcessedVersion, pendingBase + 1), AdapterWrites = writes, PendingWriteBaseVersion = null, PendingWrite = new Dictionary<string, string>() };
    }

    /// <summary>Stores the decision and logs it as one event: ids, labels and rule ids, never text.</summary>
    private Task RecordAsync(ServiceNowIncident incident, TriageDecision decision, AdapterMode mode, ProcessOutcome outcome, IEnumerable<string> changed, CancellationToken cancellationToken)
    {
        var fields = string.Join(',', changed);
        LogDecision(logger, incident.Number, incident.SysId, incident.SysModCount, outcome, decision.Bucket.ToWire(), decision.System.ToWire(), decision.Severity,
            decision.ResolverGroup, decision.Confidence, decision.NeedsReview, decision.Escalation?.Trigger.ToWire() ?? "none", decision.RuleIds, fields);
        return store.RecordDecisionAsync(
            new DecisionRecord(
                Name, incident.SysId, incident.Number, incident.SysModCount, decision.Bucket.ToWire(), decision.SecondaryBucket?.ToWire(),
                decision.System.ToWire(), decision.Severity, decision.ResolverGroup, decision.Confidence, decision.NeedsReview,
                decision.Escalation?.Trigger.ToWire(), decision.RuleIds, mode.ToString(), outcome.ToString(),
                incident.Category, incident.AssignmentGroup, fields, time.GetUtcNow()),
            cancellationToken);
    }

    private static void EnsureSuccess(IApiResponse response, string action) =>
        PlatformCallException.ThrowIfFailed(response, "ServiceNow", action, ServiceNowErrors.Describe);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Critical, Message = "ServiceNow ignored filter term {Term} of the configured filter {Filter}")]
    private static partial void LogFilterTermIgnored(ILogger logger, string term, string filter);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "ServiceNow poll queued {Queued} incident versions; watermark {Watermark}")]
    private static partial void LogPolled(ILogger logger, int queued, string watermark);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Incident {Number} ({SysId}) version {Version}: {Outcome}; bucket {Bucket}, system {System}, severity {Severity}, group {ResolverGroup}, confidence {Confidence}, needs_review {NeedsReview}, escalation {Escalation}, rules {Rules}, fields written {Fields}")]
    private static partial void LogDecision(ILogger logger, string number, string sysId, int version, ProcessOutcome outcome, string bucket, string system, int severity, string resolverGroup, double confidence, bool needsReview, string escalation, string rules, string fields);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Incident {Number}: a person changed {Field} after the adapter set it; leaving it")]
    private static partial void LogOverride(ILogger logger, string number, string field);
}
