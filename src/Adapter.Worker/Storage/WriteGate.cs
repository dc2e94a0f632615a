namespace Adapter.Worker.Storage;

/// <summary>One writer at a time, queued in process, with a lane for writes someone is waiting on.
/// SQLite admits one write transaction per file; a writer that finds the file locked sleeps in its
/// busy handler's steps (1, 2, 5, 10, 15 ms...), so under load a webhook's inbox insert waited for
/// ticket writes far longer than those writes took. Here a write waits only for the write in
/// progress and, on the normal lane, for the writes queued before it; an urgent write (the
/// webhook's insert, answered only after it commits) goes ahead of queued normal ones.</summary>
internal sealed class WriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _urgent = new();
    private readonly Queue<TaskCompletionSource> _normal = new();
    private bool _held;

    /// <summary>Waits for the turn; dispose the result to give it up.
    /// <paramref name="released"/> runs after the turn is given up (the store counts commits with it).</summary>
    public async Task<Turn> EnterAsync(bool urgent, Action released, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return new Turn(this, released);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _normal).Enqueue(waiter);
        }

        // A cancelled waiter stays queued; Exit skips it, so the turn is never handed to nobody.
        await using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task;
        }

        return new Turn(this, released);
    }

    private void Exit()
    {
        lock (_lock)
        {
            while (_urgent.TryDequeue(out var next) || _normal.TryDequeue(out next))
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }

            _held = false;
        }
    }

    internal sealed class Turn(WriteGate gate, Action released) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Exit();
                released();
            }

            return ValueTask.CompletedTask;
        }
    }
}
