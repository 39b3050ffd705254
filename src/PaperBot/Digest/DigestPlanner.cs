namespace PaperBot.Digest;

/// <summary>
/// Chooses a channel's papers and writes the batch into the ledger before anything is sent.
/// Candidates are papers first seen since the channel's previous batch that match its topics and that
/// the channel was never sent (by normalized arXiv id, so neither another source nor a new version
/// brings a paper back), best first, at most the subscription's max.
/// </summary>
public sealed class DigestPlanner(DigestLedger ledger, DigestCandidates candidates, TimeProvider timeProvider, Microsoft.Extensions.Options.IOptions<DigestOptions> options)
{
    private static readonly TimeSpan SinceOverlap = TimeSpan.FromMinutes(10);

    public async Task<long?> PlanAsync(DigestSubscription subscription, DateOnly localDate, DigestBatchKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var now = timeProvider.GetUtcNow();
        var (since, picked) = await SelectAsync(subscription, cancellationToken).ConfigureAwait(false);
        var plan = new DigestBatchPlan(
            subscription.ChannelId,
            subscription.GuildId,
            localDate,
            kind,
            subscription.Topics,
            since,
            now,
            [.. picked.Select(p => p.Id)]);
        return await ledger.PlanAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The papers the channel's next batch would hold right now (used by <c>/digest preview</c> too).</summary>
    public async Task<(DateTimeOffset Since, IReadOnlyList<Papers.Paper> Papers)> SelectAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var settings = options.Value;
        // The overlap catches a paper an ingestion run stamped just before the previous batch was planned
        // but committed just after; the ledger keeps it from being posted twice.
        var previous = await ledger.LastPlannedAtAsync(subscription.ChannelId, cancellationToken).ConfigureAwait(false);
        var since = previous is { } p ? p - SinceOverlap : subscription.CreatedAt - settings.FirstBatchLookback;
        var ranked = await candidates.FindAsync(subscription.Topics, since, settings.CandidateLimit, cancellationToken).ConfigureAwait(false);
        var already = await ledger.AlreadyPlannedAsync(subscription.ChannelId, [.. ranked.Select(p => p.Id)], cancellationToken).ConfigureAwait(false);
        return (since, [.. ranked.Where(p => !already.Contains(p.Id)).Take(subscription.Max)]);
    }
}
