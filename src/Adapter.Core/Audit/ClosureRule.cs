namespace Adapter.Core.Audit;

/// <summary>The closure check: a ticket was misrouted when the adapter's first bucket or group
/// differs from the final one, or when it was reassigned more than <c>maxReassignments</c> times.</summary>
public static class ClosureRule
{
    public static IReadOnlyList<string> Reasons(FirstDecision first, string? finalBucket, string finalGroup, int reassignmentCount, int maxReassignments)
    {
        ArgumentNullException.ThrowIfNull(first);
        var reasons = new List<string>(3);
        if (!string.Equals(first.Bucket, finalBucket, StringComparison.Ordinal))
        {
            reasons.Add("bucket");
        }

        if (!string.Equals(first.ResolverGroup, finalGroup, StringComparison.Ordinal))
        {
            reasons.Add("group");
        }

        if (reassignmentCount > maxReassignments)
        {
            reasons.Add("reassignments");
        }

        return reasons;
    }

    public static bool IsMisrouted(FirstDecision first, string? finalBucket, string finalGroup, int reassignmentCount, int maxReassignments) =>
        Reasons(first, finalBucket, finalGroup, reassignmentCount, maxReassignments).Count > 0;
}
