using Microsoft.Extensions.Options;
using PaperBot.Papers;

namespace PaperBot.Digest;

/// <summary>A channel's next batch as it would be planned now: its window, its papers in order, and why each was chosen.</summary>
public sealed record DigestChoice(DateTimeOffset Since, IReadOnlyList<Paper> Papers, IReadOnlyDictionary<string, string> Reasons);

/// <summary>
/// Chooses a channel's papers and writes the batch into the ledger before anything is sent.
/// Candidates are papers first seen since the channel's previous batch that match its topics and that
/// the channel was never sent (by normalized arXiv id, so neither another source nor a new version
/// brings a paper back), best first (by topics, or by closeness to the channel's saves with
/// <c>like: saves</c>), at most the subscription's max.
/// </summary>
public sealed class DigestPlanner(
    DigestLedger ledger,
    DigestCandidates candidates,
    TimeProvider timeProvider,
    IOptions<DigestOptions> options,
    ChannelTaste taste,
    DigestTopicMeaning meaning)
{
    private static readonly TimeSpan SinceOverlap = TimeSpan.FromMinutes(10);

    public async Task<long?> PlanAsync(DigestSubscription subscription, DateOnly localDate, DigestBatchKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var now = timeProvider.GetUtcNow();
        var choice = await ChooseAsync(subscription, cancellationToken).ConfigureAwait(false);
        var plan = new DigestBatchPlan(
            subscription.ChannelId,
            subscription.GuildId,
            localDate,
            kind,
            subscription.Topics,
            choice.Since,
            now,
            [.. choice.Papers.Select(p => p.Id)],
            choice.Reasons);
        return await ledger.PlanAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The papers the channel's next batch would hold right now (used by <c>/digest preview</c> too).</summary>
    public async Task<(DateTimeOffset Since, IReadOnlyList<Paper> Papers)> SelectAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        var choice = await ChooseAsync(subscription, cancellationToken).ConfigureAwait(false);
        return (choice.Since, choice.Papers);
    }

    /// <summary><see cref="SelectAsync"/> with the reasons a <c>like: saves</c> channel's papers were chosen.</summary>
    public async Task<DigestChoice> ChooseAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var settings = options.Value;
        // The overlap catches a paper an ingestion run stamped just before the previous batch was planned
        // but committed just after; the ledger keeps it from being posted twice.
        var previous = await ledger.LastPlannedAtAsync(subscription.ChannelId, cancellationToken).ConfigureAwait(false);
        var since = previous is { } p ? p - SinceOverlap : subscription.CreatedAt - settings.FirstBatchLookback;
        var ranked = await candidates.FindAsync(subscription.Topics, since, settings.CandidateLimit, cancellationToken).ConfigureAwait(false);
        var already = await ledger.AlreadyPlannedAsync(subscription.ChannelId, [.. ranked.Select(p => p.Id)], cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Paper> fresh = [.. ranked.Where(p => !already.Contains(p.Id))];
        if (subscription.Like != DigestLike.Saves)
        {
            return new DigestChoice(since, [.. fresh.Take(subscription.Max)], new Dictionary<string, string>(StringComparer.Ordinal));
        }

        // Closeness needs the new papers' vectors; topics by meaning embedded them already, all topics may not have.
        await meaning.EmbedNewAsync(since, cancellationToken).ConfigureAwait(false);
        var (ordered, reasons) = await taste.OrderAsync(subscription.ChannelId, fresh, cancellationToken).ConfigureAwait(false);
        var picked = ordered.Take(subscription.Max).ToArray();
        return new DigestChoice(since, picked, picked.Where(p => reasons.ContainsKey(p.Id)).ToDictionary(p => p.Id, p => reasons[p.Id], StringComparer.Ordinal));
    }
}
