using System.Collections.Concurrent;
using Adapter.Worker.Storage;
using Adapter.Worker.Tests.Storage;

namespace Adapter.Worker.Tests.Scaling;

/// <summary>Several replicas claiming from one store at once, as fast as they can: no item goes to
/// two of them, no ticket is held by two of them at the same moment, and a dead replica's items
/// come back once its lease ends.</summary>
public sealed class ConcurrentClaimTests
{
    private const string Platform = "servicenow";
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Claim_FourReplicasRacing_EachItemOnceAndEachTicketByOneAtATime(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        var items = Enumerable.Range(0, 40).SelectMany(t => Enumerable.Range(1, 3).Select(v => new InboxItem(Platform, $"t{t:00}", $"{v}", IntakeSource.Poll, T0))).ToList();
        Assert.Equal(items.Count, await s.Store.EnqueuePageAsync(Platform, items, "2026-12-04 10:00:00", CancellationToken.None));
        var claims = new ConcurrentBag<(long Id, string Owner)>();
        var holders = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var overlaps = new ConcurrentBag<string>();

        async Task RunReplicaAsync(string owner)
        {
            var store = s.OpenReplica();
            while (true)
            {
                var batch = await store.ClaimAsync(owner, 4, T0, Lease, CancellationToken.None);
                if (batch.Count == 0)
                {
                    if ((await store.CountInboxAsync(CancellationToken.None)).Pending == 0)
                    {
                        return;
                    }

                    await Task.Delay(2);
                    continue;
                }

                foreach (var item in batch)
                {
                    claims.Add((item.Id, owner));
                    if (!holders.TryAdd(item.TicketId, owner))
                    {
                        overlaps.Add($"{item.TicketId} held by {holders.GetValueOrDefault(item.TicketId)} and {owner}");
                    }
                }

                await Task.Delay(1);
                foreach (var item in batch)
                {
                    // Let go of the ticket before completing: until then its lease keeps others out.
                    holders.TryRemove(item.TicketId, out _);
                    await store.CompleteAsync(item.Id, CancellationToken.None);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(1, 4).Select(n => Task.Run(() => RunReplicaAsync($"replica-{n}"))))
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Empty(overlaps);
        Assert.Equal(items.Count, claims.Count);
        Assert.Equal(items.Count, claims.Select(c => c.Id).Distinct().Count());
        Assert.Equal(new InboxCounts(0, items.Count, 0), await s.Store.CountInboxAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [PostgresData]
    public async Task Claim_ReplicaDiedHoldingLeases_OtherReplicaTakesThemAfterLeaseEnds(StoreKind kind)
    {
        await using var s = await StoreUnderTest.CreateAsync(kind);
        var items = Enumerable.Range(0, 10).Select(t => new InboxItem(Platform, $"t{t}", "1", IntakeSource.Poll, T0)).ToList();
        await s.Store.EnqueuePageAsync(Platform, items, "2026-12-04 10:00:00", CancellationToken.None);
        var survivor = s.OpenReplica();

        var taken = await Task.WhenAll(
            Task.Run(() => s.Store.ClaimAsync("dies", 5, T0, Lease, CancellationToken.None)),
            Task.Run(() => survivor.ClaimAsync("survives", 5, T0, Lease, CancellationToken.None)));
        var dead = taken[0];
        foreach (var item in taken[1])
        {
            await survivor.CompleteAsync(item.Id, CancellationToken.None);
        }

        var beforeExpiry = await survivor.ClaimAsync("survives", 10, T0 + Lease - TimeSpan.FromSeconds(1), Lease, CancellationToken.None);
        var afterExpiry = await survivor.ClaimAsync("survives", 10, T0 + Lease + TimeSpan.FromSeconds(1), Lease, CancellationToken.None);

        Assert.Equal(10, dead.Count + taken[1].Count);
        Assert.Empty(dead.Select(i => i.Id).Intersect(taken[1].Select(i => i.Id)));
        Assert.Empty(beforeExpiry.Select(i => i.Id).Intersect(dead.Select(i => i.Id)));
        Assert.Equal(dead.Select(i => i.Id).Order(), afterExpiry.Select(i => i.Id).Order());
        Assert.All(afterExpiry, i => Assert.Equal(2, i.Attempts));
    }
}
