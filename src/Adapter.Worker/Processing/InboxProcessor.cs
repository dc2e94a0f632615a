using System.Collections.Concurrent;
using Adapter.Worker.Hosting;
using Adapter.Worker.Privacy;
using Adapter.Worker.Storage;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Processing;

/// <summary>The one processor both intakes feed: claims due inbox items with a lease, processes
/// them through their platform, and acknowledges, retries with backoff, or parks each one.</summary>
public sealed partial class InboxProcessor(
    IAdapterStore store,
    IEnumerable<ITicketPlatform> platforms,
    InboxSignal signal,
    AdapterMetrics metrics,
    IOptionsMonitor<AdapterOptions> options,
    TimeProvider time,
    SensitiveDataRedactor redactor,
    ILogger<InboxProcessor> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly Dictionary<string, ITicketPlatform> _platforms = platforms.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Processes items until none is pending (for <c>run --once</c> and tests): items
    /// waiting for a retry are waited for, until they succeed or are parked after MaxAttempts.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var handled = await ProcessBatchAsync(cancellationToken, cancellationToken);
            total += handled;
            if (handled == 0)
            {
                if ((await store.CountInboxAsync(cancellationToken)).Pending == 0)
                {
                    return total;
                }

                await Task.Delay(options.CurrentValue.RetryDelay, time, cancellationToken);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // In-flight items get DrainTimeout to finish after stop is requested; then they are released.
        using var drain = new CancellationTokenSource();
        using var link = stoppingToken.Register(() => drain.CancelAfter(options.CurrentValue.DrainTimeout));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ProcessBatchAsync(stoppingToken, drain.Token) == 0)
                {
                    await signal.WaitAsync(options.CurrentValue.InboxPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> ProcessBatchAsync(CancellationToken claimToken, CancellationToken workToken)
    {
        var o = options.CurrentValue;
        var items = await store.ClaimAsync(_owner, o.Concurrency, time.GetUtcNow(), o.LeaseDuration, claimToken);
        if (items.Count == 0)
        {
            return 0;
        }

        // Leases are renewed while the batch runs, so a slow item (retries, a slow platform) is not
        // claimed by another replica under a live worker; only a dead worker's lease runs out.
        var inFlight = new ConcurrentDictionary<long, ClaimedItem>(items.Select(i => KeyValuePair.Create(i.Id, i)));
        using var batchDone = new CancellationTokenSource();
        var renewing = RenewLeasesAsync(inFlight, batchDone.Token);
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (item, _) =>
        {
            await ProcessOneAsync(item, workToken);
            inFlight.TryRemove(item.Id, out var _);
        });
        await batchDone.CancelAsync();
        await renewing;
        return items.Count;
    }

    private async Task RenewLeasesAsync(ConcurrentDictionary<long, ClaimedItem> inFlight, CancellationToken batchDone)
    {
        while (!batchDone.IsCancellationRequested)
        {
            var lease = options.CurrentValue.LeaseDuration;
            await Task.Delay(lease / 3, time, batchDone).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var ids = inFlight.Keys.ToList();
            if (batchDone.IsCancellationRequested || ids.Count == 0)
            {
                continue;
            }

            try
            {
                var held = await store.RenewLeasesAsync(_owner, ids, time.GetUtcNow() + lease, CancellationToken.None);
                foreach (var lost in ids.Except(held))
                {
                    if (inFlight.TryGetValue(lost, out var item))
                    {
                        LogLeaseLost(logger, item.Platform, item.TicketId);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next round tries again; the lease still has two thirds of its time.
                LogLeaseRenewalFailed(logger, ex.Message);
            }
        }
    }

    private async Task ProcessOneAsync(ClaimedItem item, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var started = time.GetTimestamp();
        try
        {
            if (!_platforms.TryGetValue(item.Platform, out var platform))
            {
                await store.FailAsync(item.Id, $"no platform '{item.Platform}' is configured", time.GetUtcNow(), giveUp: true, CancellationToken.None);
                return;
            }

            var outcome = await platform.ProcessAsync(item, cancellationToken);
            await store.CompleteAsync(item.Id, CancellationToken.None);
            metrics.Processed(item.Platform, outcome, time.GetElapsedTime(started), time.GetUtcNow() - item.ReceivedAt);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await store.ReleaseAsync(item.Id, CancellationToken.None);
            LogReleased(logger, item.Platform, item.TicketId);
        }
        catch (Exception ex)
        {
            var giveUp = item.Attempts >= o.MaxAttempts;
            var delay = TimeSpan.FromTicks(Math.Min(o.RetryDelay.Ticks * (1L << Math.Min(item.Attempts - 1, 16)), TimeSpan.FromMinutes(10).Ticks));
            // The store keeps no platform text (an error body may quote the ticket), and what it
            // keeps passes the same redactor as every log event.
            var reason = ex is PlatformCallException platformError ? platformError.Summary : $"{ex.GetType().Name}: {ex.Message}";
            await store.FailAsync(item.Id, redactor.Redact(reason), time.GetUtcNow() + delay, giveUp, CancellationToken.None);
            metrics.Failed(item.Platform, giveUp);
            if (giveUp)
            {
                LogParked(logger, item.Platform, item.TicketId, item.Attempts, ex.Message);
            }
            else
            {
                LogRetrying(logger, item.Platform, item.TicketId, item.Attempts, delay, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Inbox loop failed; continuing")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Platform} ticket {TicketId} attempt {Attempt} failed, retrying in {Delay}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string platform, string ticketId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "{Platform} ticket {TicketId} failed {Attempt} times and is parked for an operator: {Reason}")]
    private static partial void LogParked(ILogger logger, string platform, string ticketId, int attempt, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Lost the lease on {Platform} ticket {TicketId} while processing it")]
    private static partial void LogLeaseLost(ILogger logger, string platform, string ticketId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Renewing inbox leases failed; retrying: {Reason}")]
    private static partial void LogLeaseRenewalFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "{Platform} ticket {TicketId} released unfinished at shutdown")]
    private static partial void LogReleased(ILogger logger, string platform, string ticketId);
}
