using Adapter.Core.Classification;
using Adapter.Core.Escalation;
using Adapter.Worker.Processing;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Escalation;

/// <summary>Where ServiceNow processing hands an incident to the escalation flow: after the routing
/// write, when the decision needs a Jira issue or the incident already has one; and at closure,
/// when it has one. Queues an inbox item; the escalation platform does the work.</summary>
internal sealed class EscalationRouter(IAdapterStore store, InboxSignal signal, IOptionsMonitor<CrossPlatformEscalationOptions> options, TimeProvider time)
{
    public bool Enabled => options.CurrentValue.Enabled;

    /// <summary>The Jira destination a decision needs, or null.</summary>
    public JiraEscalationTarget? Target(TriageDecision decision)
    {
        var o = options.CurrentValue;
        return o.Enabled ? JiraEscalationPolicy.Decide(decision, o.Destinations, o.Rules) : null;
    }

    public async Task DecidedAsync(string incidentSysId, int version, TriageDecision decision, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        if (Target(decision) is not null || await store.GetTicketAsync(EscalationLink.Platform, incidentSysId, cancellationToken) is not null)
        {
            await QueueAsync(incidentSysId, $"incident:{version}", cancellationToken);
        }
    }

    public async Task ClosedAsync(string incidentSysId, int version, CancellationToken cancellationToken)
    {
        if (Enabled && await store.GetTicketAsync(EscalationLink.Platform, incidentSysId, cancellationToken) is not null)
        {
            await QueueAsync(incidentSysId, $"incident:{version}", cancellationToken);
        }
    }

    public async Task QueueAsync(string incidentSysId, string version, CancellationToken cancellationToken)
    {
        if (await store.EnqueueAsync(new InboxItem(EscalationLink.Platform, incidentSysId, version, IntakeSource.Poll, time.GetUtcNow()), cancellationToken))
        {
            signal.Notify();
        }
    }
}
