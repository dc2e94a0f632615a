using System.Threading.Channels;

namespace Adapter.Worker.Processing;

/// <summary>Wakes the processor as soon as a webhook queues work, instead of at the next tick.
/// Holds at most one pending wake-up; notifying again before the processor looks is a no-op
/// (no exception on the webhook's path, which notifies once per accepted delivery).</summary>
public sealed class InboxSignal
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Notify() => _signal.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_signal.Reader.TryRead(out _))
        {
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _signal.Reader.WaitToReadAsync(timer.Token);
            _signal.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: look at the inbox anyway.
        }
    }
}
