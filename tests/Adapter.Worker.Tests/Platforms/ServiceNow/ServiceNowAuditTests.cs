using Adapter.Core.Audit;
using Adapter.Core.Taxonomy;
using Adapter.Worker.Platforms.ServiceNow;

namespace Adapter.Worker.Tests.Platforms.ServiceNow;

/// <summary>Each audit flag kind through the real worker against the ServiceNow sandbox.</summary>
public sealed class ServiceNowAuditTests
{
    private const string FlagField = "u_triage_audit";

    [Fact]
    public async Task Enforce_PersonChoseWrongCategory_CorrectedFlaggedAndNoted()
    {
        await using var harness = Harness();
        var id = ConfidentIncident(harness, skip: 0);
        var (category, _) = harness.Expected(id);
        var wrong = OtherCategory(category);
        harness.Sandbox.EditAsHuman(id, "desk.agent", new Dictionary<string, string> { ["category"] = wrong });

        await harness.RunOnceAsync();

        Assert.Equal(category, harness.Sandbox.GetIncident(id)["category"]);
        var note = Assert.Single(harness.Sandbox.WorkNotes(id)).Value;
        Assert.Contains("audit=intake_mismatch(category) corrected", note, StringComparison.Ordinal);
        var flag = Assert.Single(await FlagsAsync(harness, id), f => f.Kind == AuditFlagKind.IntakeMismatch);
        Assert.Equal(("category", wrong, category), (flag.Field, flag.FromValue, flag.ToValue));
        Assert.NotEmpty(flag.Rules);
    }

    [Fact]
    public async Task Shadow_PersonChoseWrongCategory_FlaggedOnlyNothingWritten()
    {
        await using var harness = Harness();
        harness.Settings["Adapter:Mode"] = "Shadow";
        var id = ConfidentIncident(harness, skip: 20);
        var (category, _) = harness.Expected(id);
        var wrong = OtherCategory(category);
        harness.Sandbox.EditAsHuman(id, "desk.agent", new Dictionary<string, string> { ["category"] = wrong });

        await harness.RunOnceAsync();

        Assert.Equal(wrong, harness.Sandbox.GetIncident(id)["category"]);
        Assert.Equal(0, harness.Sandbox.CountRequests("PATCH", "/api/now/table/incident"));
        var flag = Assert.Single(await FlagsAsync(harness, id));
        Assert.Equal((AuditFlagKind.IntakeMismatch, wrong, category), (flag.Kind, flag.FromValue, flag.ToValue));
    }

    [Fact]
    public async Task Override_PersonMovedGroupAfterAdapter_RecordedOnceWithRules()
    {
        await using var harness = Harness();
        var id = ConfidentIncident(harness, skip: 40);
        await harness.RunOnceAsync();
        var adapterGroup = harness.Sandbox.GetIncident(id)["assignment_group"];
        var human = harness.Groups["Service Desk"] == adapterGroup ? harness.Groups["Interface Team"] : harness.Groups["Service Desk"];

        harness.Sandbox.EditAsHuman(id, "nurse.manager", new Dictionary<string, string> { ["assignment_group"] = human });
        await harness.RunOnceAsync();
        harness.Sandbox.EditAsHuman(id, "nurse.manager", new Dictionary<string, string> { ["urgency"] = harness.Sandbox.GetIncident(id)["urgency"] == "1" ? "2" : "1" });
        await harness.RunOnceAsync();

        Assert.Equal(human, harness.Sandbox.GetIncident(id)["assignment_group"]);
        var flag = Assert.Single(await FlagsAsync(harness, id), f => f.Kind == AuditFlagKind.Override && f.Field == "assignment_group");
        Assert.Equal((adapterGroup, human), (flag.FromValue, flag.ToValue));
        Assert.Equal(Decide(harness.Sandbox.GetIncident(id)).RuleIds, flag.Rules);
    }

    [Fact]
    public async Task Closure_GroupChangedOrBouncedOrKept_MisroutedOnlyWhenRuleSaysSo()
    {
        await using var harness = Harness();
        var moved = ConfidentIncident(harness, skip: 60);
        var bounced = ConfidentIncident(harness, skip: 80);
        var kept = ConfidentIncident(harness, skip: 100);
        await harness.RunOnceAsync();
        var elsewhere = harness.Groups["Service Desk"];
        var bouncedGroup = harness.Sandbox.GetIncident(bounced)["assignment_group"];
        var other = bouncedGroup == elsewhere ? harness.Groups["Interface Team"] : elsewhere;
        harness.Sandbox.EditAsHuman(moved, "resolver", new Dictionary<string, string> { ["assignment_group"] = harness.Sandbox.GetIncident(moved)["assignment_group"] == elsewhere ? harness.Groups["Interface Team"] : elsewhere });
        harness.Sandbox.EditAsHuman(bounced, "agent.a", new Dictionary<string, string> { ["assignment_group"] = other });
        harness.Sandbox.EditAsHuman(bounced, "agent.b", new Dictionary<string, string> { ["assignment_group"] = bouncedGroup });
        foreach (var id in new[] { moved, bounced, kept })
        {
            harness.Sandbox.EditAsHuman(id, "resolver", new Dictionary<string, string> { ["state"] = "6" });
        }

        await harness.RunOnceAsync();
        await harness.RunOnceAsync();

        var closures = (await harness.OpenStore().GetClosuresAsync(CancellationToken.None)).ToDictionary(c => c.TicketId);
        Assert.Equal(3, closures.Count);
        Assert.True(closures[moved].Misrouted);
        Assert.Equal(1, closures[moved].ReassignmentCount);
        Assert.True(closures[bounced].Misrouted);
        Assert.Equal(2, closures[bounced].ReassignmentCount);
        Assert.False(closures[kept].Misrouted);
        Assert.Equal(0, closures[kept].ReassignmentCount);
        Assert.Equal(closures[kept].First.Bucket, closures[kept].FinalBucket);
        var misrouted = (await harness.OpenStore().GetAuditFlagsAsync(CancellationToken.None)).Where(f => f.Kind == AuditFlagKind.Misrouted).ToDictionary(f => f.TicketId);
        Assert.Equal(2, misrouted.Count);
        Assert.Equal("group", misrouted[moved].Field);
        Assert.Equal("reassignments", misrouted[bounced].Field);
        Assert.All(new[] { moved, bounced, kept }, id => Assert.Single(harness.Sandbox.WorkNotes(id)));
    }

    [Fact]
    public async Task LowConfidence_NeedsReviewFlaggedAndRoutedToTriage()
    {
        await using var harness = Harness();
        var id = harness.Sandbox.AddIncident(new Dictionary<string, string> { ["short_description"] = "hello there", ["description"] = "please call me back" });
        Assert.True(WorkerHarness.Classifier.Classify("hello there", "please call me back").NeedsReview);

        await harness.RunOnceAsync();

        Assert.Equal(harness.Groups["Service Desk Triage"], harness.Sandbox.GetIncident(id)["assignment_group"]);
        Assert.Contains("needs_review", Assert.Single(harness.Sandbox.WorkNotes(id)).Value, StringComparison.Ordinal);
        var flag = Assert.Single(await FlagsAsync(harness, id));
        Assert.Equal(AuditFlagKind.NeedsReview, flag.Kind);
        Assert.Equal("Service Desk Triage", flag.ResolverGroup);
    }

    private static WorkerHarness Harness()
    {
        var harness = new WorkerHarness();
        harness.Settings["ServiceNow:Audit:FlagField"] = FlagField;
        harness.Settings["Audit:MaxReassignments"] = "1";
        return harness;
    }

    /// <summary>Seeds sample rows from <paramref name="skip"/> on and returns the first one the
    /// classifier decides with confidence.</summary>
    private static string ConfidentIncident(WorkerHarness harness, int skip)
    {
        for (var i = skip; ; i++)
        {
            var id = harness.SeedSamples(1, skip: i).Single();
            var incident = harness.Sandbox.GetIncident(id);
            if (!Decide(incident).NeedsReview)
            {
                return id;
            }
        }
    }

    /// <summary>The classifier's patterns carry a match timeout that a loaded machine can hit; the
    /// worker retries such an item through the inbox, and so does this helper.</summary>
    private static Adapter.Core.Classification.TriageDecision Decide(IReadOnlyDictionary<string, string> incident)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return WorkerHarness.Classifier.Classify(incident["short_description"], incident["description"]);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException) when (attempt < 5)
            {
            }
        }
    }

    private static string OtherCategory(string category)
    {
        var categories = WireNames.Buckets.Select(b => WorkerHarness.BaseConfiguration[$"ServiceNow:Fields:Categories:{b}"]!).ToList();
        return categories.First(c => c != category);
    }

    private static async Task<List<AuditFlag>> FlagsAsync(WorkerHarness harness, string id) =>
        (await harness.OpenStore().GetAuditFlagsAsync(CancellationToken.None)).Where(f => f.TicketId == id && f.Platform == ServiceNowPlatform.PlatformName).ToList();
}
