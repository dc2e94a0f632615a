using Adapter.Core.Audit;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Tests.Audit;

/// <summary>Known audit outcomes: the figures that AuditReportTests assert follow from these rows.</summary>
internal static class AuditSeed
{
    private const string Sn = "servicenow";

    public static async Task WriteAsync(IAdapterStore store)
    {
        await store.MigrateAsync(CancellationToken.None);
        var closures = new[]
        {
            Closure("t1", First("clinical", "ehr", "Clinical Application Support", null, "r.a;r.b"), At(2, 8), At(3, 9), "clinical", "Clinical Application Support", 2, 0, At(2, 8, 10), false),
            Closure("t2", First("clinical", "ehr", "Clinical Application Support", "patient_safety", "r.a"), At(2, 9), At(4, 9), "interoperability", "Interface Team", 3, 2, At(2, 11), true),
            Closure("t3", First("interoperability", "interface_engine", "Interface Team", "widespread_outage", "r.c"), At(9, 10), At(10, 9), "interoperability", "Interface Team", 1, 0, At(9, 10, 30), false),
            Closure("t4", First("administrative", "billing", "Front Desk / HIM", null, "r.d;r.a"), At(9, 10), At(11, 9), "administrative", "Service Desk", 4, 1, At(9, 12), true),
            Closure("t5", First("administrative", "identity", "Identity & Access", null, "r.e"), At(10, 0), At(12, 9), null, "Identity & Access", null, 0, null, true),
            Closure("t6", First("clinical", "emr", "Clinical Application Support", null, "r.f"), At(30, 9), new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), "clinical", "Clinical Application Support", 2, 0, At(30, 9, 5), false),
        };
        foreach (var c in closures)
        {
            Assert.True(await store.RecordClosureAsync(c, CancellationToken.None));
        }

        Assert.False(await store.RecordClosureAsync(closures[0], CancellationToken.None));
        var flags = new[]
        {
            Flag("t1", AuditFlagKind.IntakeMismatch, "category", "administrative_operations", "clinical_operations", "r.a;r.b", At(2, 8, 1)),
            Flag("t4", AuditFlagKind.Override, "assignment_group", "grp-frontdesk", "grp-servicedesk", "r.d;r.a", At(9, 13)),
            Flag("t7", AuditFlagKind.NeedsReview, "", "", "", "severity.3.limited", At(5, 9)),
            Flag("t2", AuditFlagKind.Misrouted, "bucket,group,reassignments", "clinical/Clinical Application Support", "interoperability/Interface Team", "r.a", At(4, 9)),
            Flag("t4", AuditFlagKind.Misrouted, "group", "administrative/Front Desk / HIM", "administrative/Service Desk", "r.d;r.a", At(11, 9)),
            Flag("t5", AuditFlagKind.Misrouted, "bucket", "administrative/Identity & Access", "unmapped/Identity & Access", "r.e", At(12, 9)),
            Flag("t6", AuditFlagKind.Override, "category", "clinical_operations", "interoperability", "r.f", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)),
        };
        foreach (var f in flags)
        {
            Assert.True(await store.RecordAuditFlagAsync(f, CancellationToken.None));
        }

        Assert.False(await store.RecordAuditFlagAsync(flags[1] with { At = At(20, 1) }, CancellationToken.None));
    }

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static FirstDecision First(string bucket, string system, string group, string? escalation, string rules) =>
        new(bucket, system, 2, group, escalation, rules, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private static ClosureRecord Closure(string id, FirstDecision first, DateTimeOffset created, DateTimeOffset closed, string? finalBucket, string finalGroup, int? finalSeverity, int reassignments, DateTimeOffset? firstCorrect, bool misrouted) =>
        new(Sn, id, "INC" + id, created, closed, first, finalBucket is null ? "other" : finalBucket + "_category", finalBucket, finalGroup, finalSeverity, reassignments, firstCorrect, misrouted);

    private static AuditFlag Flag(string id, AuditFlagKind kind, string field, string from, string to, string rules, DateTimeOffset at) =>
        new(Sn, id, "INC" + id, kind, field, from, to, "clinical", "Service Desk", rules, at);
}
