namespace Adapter.Core.Audit;

/// <summary>Override, reassignment and misrouted counts and rates for one bucket, system or rule
/// over closed tickets. Rates are fractions in [0,1]; 0 when there are no tickets.</summary>
public sealed record AuditRateRow(string Key, int Tickets, int Correct, int Overridden, int Reassigned, int Misrouted)
{
    public double CategoryAccuracy => AuditReportBuilder.Rate(Correct, Tickets);

    public double OverrideRate => AuditReportBuilder.Rate(Overridden, Tickets);

    public double ReassignmentRate => AuditReportBuilder.Rate(Reassigned, Tickets);

    public double MisroutedRate => AuditReportBuilder.Rate(Misrouted, Tickets);
}

/// <summary>Minutes from a ticket's creation to the first time it sat with the group that closed
/// it, per final bucket.</summary>
public sealed record AssignmentTimeRow(string Bucket, int Tickets, double MeanMinutes, double MedianMinutes);

/// <summary>Category accuracy of the tickets closed in the week starting <see cref="WeekStart"/> (Monday, UTC).</summary>
public sealed record WeeklyAccuracy(DateOnly WeekStart, int Tickets, int Correct)
{
    public double Accuracy => AuditReportBuilder.Rate(Correct, Tickets);
}

/// <summary>Rows: the adapter's first bucket; columns: the final bucket (<c>unmapped</c> when the
/// final category maps to none). <c>Counts[row][column]</c>.</summary>
public sealed record BucketConfusion(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<int>> Counts);

/// <summary>A rule people often correct: a candidate for tuning its phrases or weight.</summary>
public sealed record TuningSuggestion(string RuleId, int Fired, int Overridden, int Misrouted, int OverrideFlags)
{
    public double OverrideRate => AuditReportBuilder.Rate(Overridden, Fired);

    public string Text =>
        $"{RuleId}: overridden on {Overridden} of {Fired} closed ticket(s), misrouted on {Misrouted}; review its phrases and weight";
}

/// <summary>The audit over tickets closed in [From, To): category accuracy first, then the
/// override, reassignment and misrouted rates, avoidable escalations, time to the right group,
/// the bucket confusion matrix and tuning suggestions. Labels and counts only.</summary>
public sealed record AuditReport(
    DateTimeOffset? From,
    DateTimeOffset? To,
    int ClosedTickets,
    int Correct,
    int Overridden,
    int Reassigned,
    int Misrouted,
    int Escalated,
    int AvoidableEscalations,
    IReadOnlyDictionary<string, int> FlagsByKind,
    IReadOnlyList<AuditRateRow> ByBucket,
    IReadOnlyList<AuditRateRow> BySystem,
    IReadOnlyList<AuditRateRow> ByRule,
    IReadOnlyList<AssignmentTimeRow> TimeToCorrectAssignment,
    BucketConfusion Confusion,
    IReadOnlyList<WeeklyAccuracy> Weekly,
    IReadOnlyList<TuningSuggestion> Suggestions)
{
    public double CategoryAccuracy => AuditReportBuilder.Rate(Correct, ClosedTickets);

    public double OverrideRate => AuditReportBuilder.Rate(Overridden, ClosedTickets);

    public double ReassignmentRate => AuditReportBuilder.Rate(Reassigned, ClosedTickets);

    public double MisroutedRate => AuditReportBuilder.Rate(Misrouted, ClosedTickets);

    /// <summary>Escalated at intake but closed at severity 3 or 4, over escalated tickets.</summary>
    public double AvoidableEscalationRate => AuditReportBuilder.Rate(AvoidableEscalations, Escalated);
}
