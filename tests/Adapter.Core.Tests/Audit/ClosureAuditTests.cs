using Adapter.Core.Audit;

namespace Adapter.Core.Tests.Audit;

public sealed class ClosureAuditTests
{
    private static readonly AuditSubject Subject = new("jira", "10000", "HELP-1");
    private static readonly DateTimeOffset Created = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly FirstDecision First = new("interoperability", "interface_engine", 2, "Interface Team", null, "bucket.interop.messages", Created);

    [Fact]
    public void Close_FinalGroupDiffers_MisroutedFlagFromFirstToFinal()
    {
        var seen = new Dictionary<string, DateTimeOffset> { ["Interface Team"] = Created.AddMinutes(1), ["Service Desk"] = Created.AddMinutes(30) };

        var (closure, flag) = ClosureAudit.Close(Subject, Created, First, seen, new TicketFinal("Interoperability", "interoperability", "Service Desk", 2, 1, Created.AddHours(2)), maxReassignments: 1);

        Assert.True(closure.Misrouted);
        Assert.Equal(Created.AddMinutes(30), closure.FirstCorrectAssignmentAt);
        Assert.NotNull(flag);
        Assert.Equal(("group", "interoperability/Interface Team", "interoperability/Service Desk", "bucket.interop.messages"), (flag.Field, flag.FromValue, flag.ToValue, flag.Rules));
    }

    [Fact]
    public void Close_SameBucketAndGroupFewReassignments_NoFlag()
    {
        var (closure, flag) = ClosureAudit.Close(Subject, Created, First, new Dictionary<string, DateTimeOffset>(), new TicketFinal("Interoperability", "interoperability", "Interface Team", 2, 1, Created.AddHours(2)), maxReassignments: 1);

        Assert.False(closure.Misrouted);
        Assert.Null(flag);
        Assert.Equal(Created.AddHours(2), closure.FirstCorrectAssignmentAt);
    }
}
