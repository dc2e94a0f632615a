using Adapter.Worker.Storage;

namespace Adapter.Worker.Tests.Storage;

/// <summary>What every <see cref="IAdapterStore"/> promises, run against SQLite and PostgreSQL
/// alike: the same inputs give the same answers.</summary>
public sealed class AdapterStoreContractTests
{
    private const string Platform = "servicenow";
    private const string Owner = "worker-a";
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Migrate_RunAgain_KeepsDataAndSucceeds(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1"), None);

        await s.Store.MigrateAsync(None);
        await s.OpenReplica().MigrateAsync(None);

        Assert.Equal(new InboxCounts(1, 0, 0), await s.Store.CountInboxAsync(None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Enqueue_SameTicketVersionTwice_StoredOnce(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);

        var first = await s.Store.EnqueueAsync(Item("a", "1"), None);
        var again = await s.Store.EnqueueAsync(Item("a", "1", IntakeSource.Webhook), None);
        var newer = await s.Store.EnqueueAsync(Item("a", "2"), None);

        Assert.True(first);
        Assert.False(again);
        Assert.True(newer);
        Assert.Equal(new InboxCounts(2, 0, 0), await s.Store.CountInboxAsync(None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task EnqueuePage_NewAndKnownItems_CountsNewOnesAndMovesWatermark(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1"), None);

        var added = await s.Store.EnqueuePageAsync(Platform, [Item("a", "1"), Item("b", "1"), Item("c", "4")], "2026-12-04 10:00:00", None);
        var none = await s.Store.EnqueuePageAsync(Platform, [], "2026-12-04 10:05:00", None);

        Assert.Equal(2, added);
        Assert.Equal(0, none);
        Assert.Equal("2026-12-04 10:05:00", await s.Store.GetWatermarkAsync(Platform, None));
        Assert.Null(await s.Store.GetWatermarkAsync("jira", None));
        Assert.Equal(new InboxCounts(3, 0, 0), await s.Store.CountInboxAsync(None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task EnqueuePage_AnItemRefused_NeitherItemsNorWatermarkKept(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueuePageAsync(Platform, [Item("a", "1")], "2026-12-04 09:00:00", None);
        var refused = Item("c", "1") with { TicketId = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => s.Store.EnqueuePageAsync(Platform, [Item("b", "1"), refused], "2026-12-04 10:00:00", None));

        Assert.Equal("2026-12-04 09:00:00", await s.Store.GetWatermarkAsync(Platform, None));
        Assert.Equal(new InboxCounts(1, 0, 0), await s.Store.CountInboxAsync(None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Claim_DueItems_ReturnsFieldsOldestVersionPerTicketAndMax(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        var received = T0.AddMilliseconds(123);
        await s.Store.EnqueueAsync(new InboxItem(Platform, "a", "5", IntakeSource.Webhook, received), None);
        await s.Store.EnqueueAsync(Item("a", "6"), None);
        await s.Store.EnqueueAsync(Item("b", "1"), None);
        await s.Store.EnqueueAsync(Item("c", "1"), None);

        var two = await s.Store.ClaimAsync(Owner, 2, T0.AddSeconds(1), Lease, None);
        var rest = await s.Store.ClaimAsync(Owner, 10, T0.AddSeconds(1), Lease, None);

        Assert.Equal([("a", "5"), ("b", "1")], two.Select(i => (i.TicketId, i.Version)));
        Assert.Equal(new ClaimedItem(two[0].Id, Platform, "a", "5", IntakeSource.Webhook, 1, received), two[0]);
        Assert.Equal([("c", "1")], rest.Select(i => (i.TicketId, i.Version)));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Claim_TicketLeasedByAnotherWorker_NotClaimedUntilLeaseEnds(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        var other = s.OpenReplica();
        await s.Store.EnqueueAsync(Item("a", "1"), None);
        var held = Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0, Lease, None));
        await s.Store.EnqueueAsync(Item("a", "2"), None);

        var whileLeased = await other.ClaimAsync("worker-b", 5, T0 + Lease - TimeSpan.FromSeconds(1), Lease, None);
        var afterLease = await other.ClaimAsync("worker-b", 5, T0 + Lease + TimeSpan.FromSeconds(1), Lease, None);

        Assert.Empty(whileLeased);
        var reclaimed = Assert.Single(afterLease);
        Assert.Equal(held.Id, reclaimed.Id);
        Assert.Equal(2, reclaimed.Attempts);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Claim_ItemNotYetDue_NotClaimed(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1", received: T0.AddMinutes(1)), None);

        Assert.Empty(await s.Store.ClaimAsync(Owner, 5, T0, Lease, None));
        Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0.AddMinutes(1), Lease, None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Complete_ClaimedItem_DoneAndNotClaimedAgain(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1"), None);
        var item = Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0, Lease, None));

        await s.Store.CompleteAsync(item.Id, None);

        Assert.Empty(await s.Store.ClaimAsync(Owner, 5, T0 + Lease + Lease, Lease, None));
        Assert.Equal(new InboxCounts(0, 1, 0), await s.Store.CountInboxAsync(None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Fail_WithRetry_DueAgainAtRetryTimeWithAttemptCounted(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1"), None);
        var item = Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0, Lease, None));

        await s.Store.FailAsync(item.Id, "HTTP 503", T0.AddSeconds(30), giveUp: false, None);

        Assert.Empty(await s.Store.ClaimAsync(Owner, 5, T0.AddSeconds(29), Lease, None));
        var retried = Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0.AddSeconds(30), Lease, None));
        Assert.Equal(2, retried.Attempts);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Fail_GiveUp_ParkedAsFailed(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1"), None);
        var item = Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0, Lease, None));

        await s.Store.FailAsync(item.Id, "HTTP 400", T0, giveUp: true, None);

        Assert.Empty(await s.Store.ClaimAsync(Owner, 5, T0.AddHours(1), Lease, None));
        Assert.Equal(new InboxCounts(0, 0, 1), await s.Store.CountInboxAsync(None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Release_ClaimedItem_ClaimableAtOnceWithoutCountingAnAttempt(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1"), None);
        var item = Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0, Lease, None));

        await s.Store.ReleaseAsync(item.Id, None);

        var again = Assert.Single(await s.OpenReplica().ClaimAsync("worker-b", 5, T0, Lease, None));
        Assert.Equal(item.Id, again.Id);
        Assert.Equal(1, again.Attempts);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task RenewLeases_OwnerStillHolds_LeaseExtendedAndOthersKeptOut(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        var other = s.OpenReplica();
        await s.Store.EnqueueAsync(Item("a", "1"), None);
        await s.Store.EnqueueAsync(Item("b", "1"), None);
        var items = await s.Store.ClaimAsync(Owner, 5, T0, Lease, None);

        var byStranger = await other.RenewLeasesAsync("worker-b", [.. items.Select(i => i.Id)], T0 + Lease * 10, None);
        var byOwner = await s.Store.RenewLeasesAsync(Owner, [items[0].Id], T0 + Lease * 3, None);

        Assert.Empty(byStranger);
        Assert.Equal([items[0].Id], byOwner);
        var later = await other.ClaimAsync("worker-b", 5, T0 + Lease * 2, Lease, None);
        Assert.Equal([items[1].Id], later.Select(i => i.Id));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task RenewLeases_LeaseLapsedAndReclaimed_NotHeldAnyMore(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        await s.Store.EnqueueAsync(Item("a", "1"), None);
        var item = Assert.Single(await s.Store.ClaimAsync(Owner, 5, T0, Lease, None));
        Assert.Single(await s.OpenReplica().ClaimAsync("worker-b", 5, T0 + Lease + Lease, Lease, None));

        var held = await s.Store.RenewLeasesAsync(Owner, [item.Id], T0 + Lease * 5, None);

        Assert.Empty(held);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Ticket_SavedTwice_LastStateReadBack(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        var first = new TicketState(Platform, "a", 4, null, null, new Dictionary<string, string>(), 4, new Dictionary<string, string> { ["category"] = "software" });
        var second = new TicketState(Platform, "a", 5, "clinical", "g-1", new Dictionary<string, string> { ["category"] = "software", ["assignment_group"] = "g-1" }, null, new Dictionary<string, string>());

        Assert.Null(await s.Store.GetTicketAsync(Platform, "a", None));
        await s.Store.SaveTicketAsync(first, T0, None);
        var afterFirst = await s.Store.GetTicketAsync(Platform, "a", None);
        await s.Store.SaveTicketAsync(second, T0.AddSeconds(1), None);
        var afterSecond = await s.Store.GetTicketAsync(Platform, "a", None);

        AssertSame(first, afterFirst!);
        AssertSame(second, afterSecond!);
        Assert.Null(await s.Store.GetTicketAsync("jira", "a", None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Decisions_Recorded_ReadBackInOrderPerPlatform(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        var first = new DecisionRecord(Platform, "a", "INC0010001", 3, "clinical", "interoperability", "ehr", 1, "Clinical Application Support",
            0.875, false, "patient_safety", "b:clinical;s:1", "Enforce", "Written", "software", "g-0", "category,assignment_group", T0.AddMilliseconds(5));
        var second = first with { TicketId = "b", TicketNumber = "INC0010002", SecondaryBucket = null, Escalation = null, NeedsReview = true, CategoryBefore = null, GroupBefore = null, ChangedFields = null, Outcome = "Shadow" };

        await s.Store.RecordDecisionAsync(first, None);
        await s.Store.RecordDecisionAsync(second, None);
        await s.Store.RecordDecisionAsync(first with { Platform = "jira" }, None);

        Assert.Equal([first, second], await s.Store.GetDecisionsAsync(Platform, None));
    }

    private static InboxItem Item(string ticket, string version, IntakeSource source = IntakeSource.Poll, DateTimeOffset? received = null) =>
        new(Platform, ticket, version, source, received ?? T0);

    private static void AssertSame(TicketState expected, TicketState actual)
    {
        Assert.Equal(expected with { AdapterWrites = null!, PendingWrite = null! }, actual with { AdapterWrites = null!, PendingWrite = null! });
        Assert.Equal(expected.AdapterWrites.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.AdapterWrites.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(expected.PendingWrite.OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.PendingWrite.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }
}
