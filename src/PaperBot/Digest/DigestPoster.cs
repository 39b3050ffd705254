using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Discord;
using PaperBot.Discord.Rest;
using PaperBot.Memory;
using PaperBot.Observability;
using PaperBot.Papers;

namespace PaperBot.Digest;

public enum DigestPostOutcome
{
    Completed = 0,

    /// <summary>The channel is gone or the bot may not post there; the subscription is paused.</summary>
    Paused = 1,

    /// <summary>Another live process holds the batch's lease and is posting it.</summary>
    ClaimedElsewhere = 2,
}

/// <summary>
/// Sends a planned batch: every ledger entry not yet sent, in order, each marked sent with its message id
/// as soon as Discord accepted it; then the bot's save reaction on each paper message.
/// </summary>
public sealed partial class DigestPoster(
    DiscordRestClient discord,
    DigestLedger ledger,
    DigestBatchLease lease,
    DigestSubscriptionStore subscriptions,
    PaperStore papers,
    IOptions<DiscordOptions> discordOptions,
    TimeProvider timeProvider,
    ILogger<DigestPoster> logger,
    PaperBotMetrics? metrics = null,
    ServerMemory? memory = null)
{
    /// <summary>Discord error codes no retry can fix: Unknown Channel, Missing Access, Missing Permissions.</summary>
    public static bool IsChannelUnusable(DiscordHttpException ex) =>
        ex is { Code: 10003 or 50001 or 50013 };

    public async Task<DigestPostOutcome> PostAsync(DigestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!await lease.TryClaimAsync(batch.BatchId, cancellationToken).ConfigureAwait(false))
        {
            Log.ClaimedElsewhere(logger, batch.ChannelId, batch.BatchId);
            return DigestPostOutcome.ClaimedElsewhere;
        }

        // Read after the claim: a process that held the batch before may have sent part of it.
        var entries = await ledger.EntriesAsync(batch.BatchId, cancellationToken).ConfigureAwait(false);
        var paperIds = entries.Where(e => e.PaperId is not null).Select(e => e.PaperId!).ToList();
        var known = (await papers.GetManyAsync(paperIds, cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        var emoji = discordOptions.Value.SaveEmoji;
        var count = paperIds.Count;

        foreach (var planned in entries)
        {
            var entry = planned;
            try
            {
                if (!entry.IsSent)
                {
                    // Renewed before each message: a process that lost its lease (it stalled past it) stops here.
                    if (!await lease.TryClaimAsync(batch.BatchId, cancellationToken).ConfigureAwait(false))
                    {
                        Log.ClaimedElsewhere(logger, batch.ChannelId, batch.BatchId);
                        return DigestPostOutcome.ClaimedElsewhere;
                    }

                    entry = await SendAsync(batch, entry, count, known, emoji, cancellationToken).ConfigureAwait(false);
                }

                if (!entry.IsHeader && entry.ReactedAt is null && entry.MessageId is { } messageId)
                {
                    await ReactAsync(batch, entry, messageId, emoji, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (DiscordHttpException ex) when (IsChannelUnusable(ex))
            {
                metrics?.DigestPostFailed();
                var reason = ex.Code == 10003
                    ? "the channel no longer exists"
                    : string.Create(CultureInfo.InvariantCulture, $"the bot may not post in this channel (Discord error {ex.Code}: {ex.DiscordMessage})");
                await subscriptions.PauseAsync(batch.ChannelId, reason, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                Log.Paused(logger, batch.ChannelId, batch.BatchId, ex.Code, ex.DiscordMessage);
                return DigestPostOutcome.Paused;
            }
        }

        await ledger.CompleteAsync(batch.BatchId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Log.Completed(logger, batch.ChannelId, batch.BatchId, count);
        return DigestPostOutcome.Completed;
    }

    private async Task<DigestLedgerEntry> SendAsync(DigestBatch batch, DigestLedgerEntry entry, int count, Dictionary<string, Paper> known, string emoji, CancellationToken cancellationToken)
    {
        var message = entry.PaperId is { } paperId
            ? DigestMessages.ForPaper(known.GetValueOrDefault(paperId) ?? new Paper { Id = paperId, Title = $"arXiv:{paperId}" }, entry.Position, count, emoji, reason: entry.Reason)
            : DigestMessages.Header(batch.LocalDate, count, batch.Topics, batch.Kind == DigestBatchKind.Manual);

        // The nonce is fixed per ledger entry: if a crash lands between Discord's answer and the ledger
        // write, the resend a moment later is dropped by Discord instead of posted twice.
        message = message with
        {
            Nonce = string.Create(CultureInfo.InvariantCulture, $"pbd{batch.BatchId}.{entry.Position}"),
            EnforceNonce = true,
        };
        var posted = await discord.CreateMessageAsync(batch.ChannelId, message, cancellationToken).ConfigureAwait(false);
        metrics?.DigestPostSent();
        var at = timeProvider.GetUtcNow();
        await ledger.MarkSentAsync(entry, new PostedMessage
        {
            ChannelId = batch.ChannelId,
            MessageId = posted.Id,
            GuildId = batch.GuildId,
            PaperId = entry.PaperId,
            Kind = entry.IsHeader ? PostedMessageKinds.DigestHeader : PostedMessageKinds.DigestPaper,
            Position = entry.IsHeader ? null : entry.Position,
            PostedAt = at,
        }).ConfigureAwait(false);
        if (memory is not null && entry.PaperId is { } postedPaper)
        {
            await memory.RecordAsync(
                new MemoryEvent { GuildId = batch.GuildId, ChannelId = batch.ChannelId, PaperId = postedPaper, Kind = MemoryKinds.Digest, MessageId = posted.Id },
                cancellationToken).ConfigureAwait(false);
        }

        return entry with { MessageId = posted.Id, SentAt = at };
    }

    private async Task ReactAsync(DigestBatch batch, DigestLedgerEntry entry, ulong messageId, string emoji, CancellationToken cancellationToken)
    {
        try
        {
            await discord.AddOwnReactionAsync(batch.ChannelId, messageId, emoji, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordHttpException ex) when (ex.Code is 50001 or 50013 or 10008)
        {
            // Without Add Reactions (or with the message deleted) the paper is still posted and users can
            // add the emoji themselves; not worth pausing the digest for.
            Log.ReactionRefused(logger, batch.ChannelId, messageId, ex.Code);
        }

        await ledger.MarkReactedAsync(entry, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Digest paused for channel {ChannelId} (batch {BatchId}): Discord error {Code} {DiscordMessage}")]
        public static partial void Paused(ILogger logger, ulong channelId, long batchId, int code, string discordMessage);

        [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Digest batch {BatchId} posted to channel {ChannelId}: {Count} papers")]
        public static partial void Completed(ILogger logger, ulong channelId, long batchId, int count);

        [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Digest batch {BatchId} of channel {ChannelId} is being posted by another process")]
        public static partial void ClaimedElsewhere(ILogger logger, ulong channelId, long batchId);

        [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Could not add the save reaction in channel {ChannelId} to message {MessageId}: Discord error {Code}")]
        public static partial void ReactionRefused(ILogger logger, ulong channelId, ulong messageId, int code);
    }
}
