using Adapter.Worker.Storage;

namespace Adapter.Worker.Tests.Storage;

public sealed class WriteGateTests
{
    private static readonly Action Nothing = () => { };

    [Fact]
    public async Task Enter_WhileHeld_UrgentWaiterGoesBeforeEarlierNormalOnes()
    {
        var gate = new WriteGate();
        var order = new List<string>();
        var first = await gate.EnterAsync(urgent: false, Nothing, CancellationToken.None);

        var normal = EnterAndRecordAsync(gate, urgent: false, "normal", order);
        var urgent = EnterAndRecordAsync(gate, urgent: true, "urgent", order);
        Assert.False(normal.IsCompleted);
        Assert.False(urgent.IsCompleted);

        await first.DisposeAsync();
        await Task.WhenAll(normal, urgent);

        Assert.Equal(["urgent", "normal"], order);
    }

    [Fact]
    public async Task Enter_CancelledWhileWaiting_ThrowsAndTheTurnGoesToTheNextWaiter()
    {
        var gate = new WriteGate();
        var first = await gate.EnterAsync(urgent: false, Nothing, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var cancelled = gate.EnterAsync(urgent: true, Nothing, cancel.Token);
        var next = gate.EnterAsync(urgent: false, Nothing, CancellationToken.None);
        await cancel.CancelAsync();
        await first.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var turn = await next.WaitAsync(TimeSpan.FromSeconds(5));
        await turn.DisposeAsync();
        var free = gate.EnterAsync(urgent: false, Nothing, CancellationToken.None);
        Assert.True(free.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Turn_DisposedTwice_ReleasesOnceAndReportsOnce()
    {
        var gate = new WriteGate();
        var released = 0;
        var turn = await gate.EnterAsync(urgent: false, () => released++, CancellationToken.None);
        var waiting = gate.EnterAsync(urgent: false, Nothing, CancellationToken.None);

        await turn.DisposeAsync();
        await turn.DisposeAsync();
        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        var third = gate.EnterAsync(urgent: false, Nothing, CancellationToken.None);

        Assert.Equal(1, released);
        Assert.False(third.IsCompleted);
        await second.DisposeAsync();
        await (await third).DisposeAsync();
    }

    private static async Task EnterAndRecordAsync(WriteGate gate, bool urgent, string name, List<string> order)
    {
        await using var turn = await gate.EnterAsync(urgent, Nothing, CancellationToken.None);
        lock (order)
        {
            order.Add(name);
        }
    }
}
