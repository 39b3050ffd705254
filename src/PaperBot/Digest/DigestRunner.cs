using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Digest;

/// <summary>
/// One pass of the digest loop: finishes batches left open (a crash, a transient Discord failure),
/// plans and posts every batch that is due, channels in parallel, each channel on its own so one
/// failing never holds up the others. Returns how long the loop may sleep.
/// </summary>
public sealed partial class DigestRunner(
    DigestSubscriptionStore subscriptions,
    DigestLedger ledger,
    DigestPlanner planner,
    DigestPoster poster,
    IOptions<DigestOptions> options,
    TimeProvider timeProvider,
    ILogger<DigestRunner> logger)
{
    public async Task<TimeSpan> RunDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var all = await subscriptions.ListAllAsync(cancellationToken).ConfigureAwait(false);
        var byChannel = all.ToDictionary(s => s.ChannelId);
        var open = (await ledger.OpenBatchesAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(b => b.ChannelId)
            .ToDictionary(g => g.Key, g => g.ToList());

        var channels = byChannel.Keys.Union(open.Keys).Order().ToList();
        var failed = 0;
        await Parallel.ForEachAsync(
            channels,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentChannels, CancellationToken = cancellationToken },
            async (channelId, ct) =>
            {
                try
                {
                    await RunChannelAsync(byChannel.GetValueOrDefault(channelId), open.GetValueOrDefault(channelId) ?? [], channelId, now, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Log.ChannelFailed(logger, channelId, ex);
                }
            }).ConfigureAwait(false);

        return await NextSleepAsync(failed > 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunChannelAsync(DigestSubscription? subscription, List<DigestBatch> open, ulong channelId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (subscription is null)
        {
            // Unsubscribed with a batch half sent: the channel asked for no more digests, so stop here.
            foreach (var batch in open)
            {
                await ledger.CompleteAsync(batch.BatchId, now, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (subscription.IsPaused)
        {
            return;
        }

        foreach (var batch in open)
        {
            Log.Resuming(logger, batch.BatchId, channelId);
            if (await poster.PostAsync(batch, cancellationToken).ConfigureAwait(false) == DigestPostOutcome.Paused)
            {
                return;
            }
        }

        if (DigestSchedule.DueBatchDate(now, subscription) is { } date)
        {
            var planned = await planner.PlanAsync(subscription, date, DigestBatchKind.Scheduled, cancellationToken).ConfigureAwait(false);
            if (planned is { } batchId && await ledger.GetBatchAsync(batchId, cancellationToken).ConfigureAwait(false) is { CompletedAt: null } batch)
            {
                await poster.PostAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<TimeSpan> NextSleepAsync(bool failed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var sleep = settings.MaxSleep;
        foreach (var subscription in await subscriptions.ListAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (subscription.IsPaused || !DigestSchedule.TryFindZone(subscription.TimeZoneId, out _))
            {
                continue;
            }

            var due = DigestSchedule.NextRun(now, subscription) - now;
            sleep = due < sleep ? due : sleep;
        }

        if (failed || (await ledger.OpenBatchesAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            sleep = settings.RetryDelay < sleep ? settings.RetryDelay : sleep;
        }

        return sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4311, Level = LogLevel.Error, Message = "Digest run failed for channel {ChannelId}; it is retried later")]
        public static partial void ChannelFailed(ILogger logger, ulong channelId, Exception exception);

        [LoggerMessage(EventId = 4312, Level = LogLevel.Information, Message = "Resuming digest batch {BatchId} for channel {ChannelId}")]
        public static partial void Resuming(ILogger logger, long batchId, ulong channelId);
    }
}
