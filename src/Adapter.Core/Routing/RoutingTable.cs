using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Routing;

/// <summary>The configured routing table: bucket × system (× severity) to a resolver group,
/// first match wins, and each escalation trigger to its group and response time.</summary>
internal sealed class RoutingTable
{
    private readonly RouteEntry[] _routes;
    private readonly Dictionary<EscalationTrigger, EscalationRoute> _escalations;

    public RoutingTable(RoutingOptions routing, IEnumerable<EscalationOptions> escalations)
    {
        TriageGroup = routing.TriageGroup;
        DefaultGroup = routing.DefaultGroup;
        _routes = routing.Routes.Select(r => new RouteEntry(
            WireNames.TryParseBucket(r.Bucket, out var b) ? b : null,
            WireNames.TryParseSystem(r.System, out var s) ? s : null,
            r.MaxSeverity ?? 4,
            r.ResolverGroup)).ToArray();
        _escalations = [];
        foreach (var e in escalations)
        {
            if (WireNames.TryParseTrigger(e.Trigger, out var trigger))
            {
                _escalations[trigger] = new EscalationRoute(trigger, e.ResolverGroup, e.ResponseMinutes);
            }
        }
    }

    public string TriageGroup { get; }

    public string DefaultGroup { get; }

    public string Route(Bucket bucket, SystemKind system, int severity)
    {
        foreach (var route in _routes)
        {
            if ((route.Bucket is null || route.Bucket == bucket)
                && (route.System is null || route.System == system)
                && severity <= route.MaxSeverity)
            {
                return route.ResolverGroup;
            }
        }

        return DefaultGroup;
    }

    public EscalationRoute? Escalate(EscalationTrigger trigger) =>
        trigger == EscalationTrigger.None ? null : _escalations.GetValueOrDefault(trigger);

    private sealed record RouteEntry(Bucket? Bucket, SystemKind? System, int MaxSeverity, string ResolverGroup);
}
