using Adapter.Core.Taxonomy;

namespace Adapter.Core.Audit;

/// <summary>Computes the audit report from stored records: a pure function, no I/O.</summary>
public static class AuditReportBuilder
{
    public const string Unmapped = "unmapped";

    /// <summary>How many rules the suggestions list at most. Default 10.</summary>
    public const int MaxSuggestions = 10;

    public static double Rate(int count, int total) => total == 0 ? 0 : (double)count / total;

    /// <param name="closures">Closed tickets; those closed outside [from, to) are left out.</param>
    /// <param name="flags">Audit flags; counted by kind when raised in [from, to); a closed
    /// ticket counts as overridden when any override flag names it.</param>
    public static AuditReport Build(IEnumerable<ClosureRecord> closures, IEnumerable<AuditFlag> flags, DateTimeOffset? from, DateTimeOffset? to)
    {
        ArgumentNullException.ThrowIfNull(closures);
        ArgumentNullException.ThrowIfNull(flags);
        bool InWindow(DateTimeOffset t) => (from is null || t >= from) && (to is null || t < to);

        var closed = closures.Where(c => InWindow(c.ClosedAt)).ToList();
        var allFlags = flags.ToList();
        var overriddenTickets = allFlags.Where(f => f.Kind == AuditFlagKind.Override)
            .Select(f => (f.Platform, f.TicketId)).ToHashSet();
        var rows = closed.Select(c => new Row(c, overriddenTickets.Contains((c.Platform, c.TicketId)))).ToList();

        var flagsByKind = AuditFlagKinds.All.ToDictionary(
            k => k.ToWire(),
            k => allFlags.Count(f => f.Kind == k && InWindow(f.At)),
            StringComparer.Ordinal);

        var escalated = rows.Where(r => r.Closure.First.Escalation is not null).ToList();
        return new AuditReport(
            from,
            to,
            rows.Count,
            rows.Count(r => r.Correct),
            rows.Count(r => r.Overridden),
            rows.Count(r => r.Reassigned),
            rows.Count(r => r.Closure.Misrouted),
            escalated.Count,
            escalated.Count(r => r.Closure.FinalSeverity is 3 or 4),
            flagsByKind,
            RateRows(rows, r => [r.Closure.First.Bucket]),
            RateRows(rows, r => [r.Closure.First.System]),
            RateRows(rows, r => RuleIds(r.Closure.First.Rules)),
            AssignmentTimes(rows),
            Confusion(rows),
            Weekly(rows),
            Suggestions(rows, allFlags));
    }

    /// <summary>The Monday (UTC) that starts the week of <paramref name="time"/>.</summary>
    public static DateOnly WeekStart(DateTimeOffset time)
    {
        var day = DateOnly.FromDateTime(time.UtcDateTime);
        var offset = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-offset);
    }

    private static string[] RuleIds(string rules) => rules.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();

    private static List<AuditRateRow> RateRows(List<Row> rows, Func<Row, IEnumerable<string>> keys) =>
        rows.SelectMany(r => keys(r).Select(k => (Key: k, Row: r)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .Select(g => new AuditRateRow(
                g.Key,
                g.Count(),
                g.Count(x => x.Row.Correct),
                g.Count(x => x.Row.Overridden),
                g.Count(x => x.Row.Reassigned),
                g.Count(x => x.Row.Closure.Misrouted)))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    private static List<AssignmentTimeRow> AssignmentTimes(List<Row> rows) =>
        rows.Where(r => r.Closure.FirstCorrectAssignmentAt is not null)
            .GroupBy(r => r.Closure.FinalBucket ?? Unmapped, StringComparer.Ordinal)
            .Select(g =>
            {
                var minutes = g.Select(r => Math.Max(0, (r.Closure.FirstCorrectAssignmentAt!.Value - r.Closure.CreatedAt).TotalMinutes)).Order().ToList();
                var median = minutes.Count % 2 == 1
                    ? minutes[minutes.Count / 2]
                    : (minutes[(minutes.Count / 2) - 1] + minutes[minutes.Count / 2]) / 2;
                return new AssignmentTimeRow(g.Key, minutes.Count, minutes.Average(), median);
            })
            .OrderBy(r => r.Bucket, StringComparer.Ordinal)
            .ToList();

    private static BucketConfusion Confusion(List<Row> rows)
    {
        var labels = WireNames.Buckets.ToList();
        var columns = labels.Append(Unmapped).ToList();
        var counts = labels
            .Select(first => (IReadOnlyList<int>)columns
                .Select(final => rows.Count(r => r.Closure.First.Bucket == first && (r.Closure.FinalBucket ?? Unmapped) == final))
                .ToList())
            .ToList();
        return new BucketConfusion(labels, columns, counts);
    }

    private static List<WeeklyAccuracy> Weekly(List<Row> rows) =>
        rows.GroupBy(r => WeekStart(r.Closure.ClosedAt))
            .OrderBy(g => g.Key)
            .Select(g => new WeeklyAccuracy(g.Key, g.Count(), g.Count(r => r.Correct)))
            .ToList();

    private static List<TuningSuggestion> Suggestions(List<Row> rows, List<AuditFlag> flags)
    {
        var overrideFlags = flags.Where(f => f.Kind == AuditFlagKind.Override)
            .SelectMany(f => RuleIds(f.Rules))
            .GroupBy(r => r, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return rows.SelectMany(r => RuleIds(r.Closure.First.Rules).Select(rule => (Rule: rule, Row: r)))
            .GroupBy(x => x.Rule, StringComparer.Ordinal)
            .Select(g => new TuningSuggestion(
                g.Key,
                g.Count(),
                g.Count(x => x.Row.Overridden),
                g.Count(x => x.Row.Closure.Misrouted),
                overrideFlags.GetValueOrDefault(g.Key)))
            .Where(s => s.Overridden > 0 || s.Misrouted > 0)
            .OrderByDescending(s => s.Overridden)
            .ThenByDescending(s => s.Misrouted)
            .ThenBy(s => s.RuleId, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .ToList();
    }

    private sealed record Row(ClosureRecord Closure, bool Overridden)
    {
        public bool Correct => string.Equals(Closure.First.Bucket, Closure.FinalBucket, StringComparison.Ordinal);

        public bool Reassigned => Closure.ReassignmentCount > 0;
    }
}
