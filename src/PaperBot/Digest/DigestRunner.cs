using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Scheduling;

namespace PaperBot.Digest;

/// <summary>
/// One pass of the digest loop: finishes batches left open (a crash, a transient Discord failure),
/// plans and posts every batch that is due, channels in parallel, each channel on its own so one
/// failing never holds up the others. Returns the instant the loop should run again.
/// </summary>
public sealed partial class DigestRunner(
    DigestSubscriptionStore subscriptions,
    DigestLedger ledger,
    DigestPlanner planner,
    DigestPoster poster,
    IOptions<DigestOptions> options,
    TimeProvider timeProvider,
    ILogger<DigestRunner> logger) : IDuePass
{
    public async Task<DateTimeOffset> RunDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        // Open batches first: a batch another process opens after this read is left to it, and every batch read here
        // has its channel's subscription in the listing that follows (unless it was completed or unsubscribed since).
        var open = (await ledger.OpenBatchesAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(b => b.ChannelId)
            .ToDictionary(g => g.Key, g => g.ToList());

        // Only the channels due by their stored time and those with an open batch: an idle pass reads almost nothing
        // (it used to read every subscription twice, the main allocation of an idle fleet process: docs/benchmarks.md,
        // fleet). RunChannelAsync decides again for each channel kept.
        var listed = await subscriptions.ListDueAsync(now, cancellationToken).ConfigureAwait(false);
        var byChannel = listed.ToDictionary(s => s.ChannelId);
        foreach (var channelId in open.Keys.Where(c => !byChannel.ContainsKey(c)))
        {
            if (await subscriptions.GetAsync(channelId, cancellationToken).ConfigureAwait(false) is { } subscription)
            {
                byChannel[channelId] = subscription;
            }
        }

        var channels = listed.Where(s => MayHaveWork(s, now)).Select(s => s.ChannelId).Union(open.Keys).Order().ToList();
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

        return await NextDueAsync(now, failed > 0, cancellationToken).ConfigureAwait(false);
    }

    // A subscription whose schedule cannot be read (an unknown time zone) is kept, so its failure is logged and
    // retried as before.
    private static bool MayHaveWork(DigestSubscription subscription, DateTimeOffset now)
    {
        if (subscription.IsPaused)
        {
            return false;
        }

        try
        {
            return DigestSchedule.DueBatchDate(now, subscription) is not null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return true;
        }
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

    // From the pass's single clock reading: an absolute instant rather than a duration, so a clock that moves
    // while the pass runs can never push a due time later; a time already passed makes the loop run again at once.
    private async Task<DateTimeOffset> NextDueAsync(DateTimeOffset now, bool failed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var next = now + settings.MaxSleep;
        if (await subscriptions.EarliestDueAsync(cancellationToken).ConfigureAwait(false) is { } due && due < next)
        {
            next = due;
        }

        if (failed || (await ledger.OpenBatchesAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            var retry = now + settings.RetryDelay;
            next = retry < next ? retry : next;
        }

        return next;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4311, Level = LogLevel.Error, Message = "Digest run failed for channel {ChannelId}; it is retried later")]
        public static partial void ChannelFailed(ILogger logger, ulong channelId, Exception exception);

        [LoggerMessage(EventId = 4312, Level = LogLevel.Information, Message = "Resuming digest batch {BatchId} for channel {ChannelId}")]
        public static partial void Resuming(ILogger logger, long batchId, ulong channelId);
    }
}
