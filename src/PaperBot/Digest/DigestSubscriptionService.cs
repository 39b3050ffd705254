using System.Globalization;
using System.Text;
using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Interactions;

namespace PaperBot.Digest;

/// <summary>
/// A channel's digest subscription as <c>/digest subscribe|unsubscribe|settings|list|preview|now</c> use it:
/// parsed arguments and the caller's permissions in, an ephemeral reply out. Only callers with Manage Channels
/// may change anything; everyone else gets a refusal and nothing changes.
/// </summary>
public sealed partial class DigestSubscriptionService(
    DigestSubscriptionStore subscriptions,
    DigestPlanner planner,
    DigestWakeup wakeup,
    DigestTopics topics,
    ChannelTaste taste,
    Microsoft.Extensions.Options.IOptions<Discord.DiscordOptions> discordOptions,
    TimeProvider timeProvider)
{
    public const string PermissionRefusal = "You need the Manage Channels permission in this channel to change its digest.";

    private const int PreviewAbstractLength = 300;

    public async Task<InteractionReply> SubscribeAsync(DigestCaller caller, DigestSubscribeArgs args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(args);
        if (!caller.MayManage)
        {
            return InteractionReply.Private(PermissionRefusal);
        }

        var existing = await subscriptions.GetAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var subscription = existing ?? new DigestSubscription { ChannelId = caller.ChannelId, GuildId = caller.GuildId, CreatedAt = now };

        if (args.Topics is { } topicText)
        {
            // Empty or * means every topic (the option's description offers *); anything else must be a search.
            var trimmed = topicText.Trim();
            var all = trimmed.Length == 0 || trimmed == "*";
            if (!all && topics.Validate(trimmed) is { } error)
            {
                return InteractionReply.Private($"Those topics are not a valid search: {DiscordMarkdown.Escape(error)}");
            }

            subscription = subscription with { Topics = all ? null : trimmed };
        }

        if (args.Time is { } timeText)
        {
            if (!TryParseTime(timeText, out var time))
            {
                return InteractionReply.Private($"{DiscordMarkdown.Code(DiscordText.Truncate(timeText, 20))} is not a time of day: use 24-hour HH:mm, e.g. 09:00.");
            }

            subscription = subscription with { Time = time };
        }

        if (args.TimeZone is { } zoneText)
        {
            if (!DigestSchedule.TryFindZone(zoneText, out var zone))
            {
                return InteractionReply.Private($"{DiscordMarkdown.Code(DiscordText.Truncate(zoneText, 64))} is not a known time zone: use an IANA name such as Europe/Berlin or America/New_York (the option suggests them as you type).");
            }

            subscription = subscription with { TimeZoneId = zone.Id };
        }

        if (args.Max is { } max)
        {
            if (max is < DigestSubscription.MinMax or > DigestSubscription.MaxMax)
            {
                return InteractionReply.Private(string.Create(CultureInfo.InvariantCulture, $"max must be between {DigestSubscription.MinMax} and {DigestSubscription.MaxMax} papers."));
            }

            subscription = subscription with { Max = (int)max };
        }

        if (args.Days is { } daysText)
        {
            if (!TryParseDays(daysText, out var days))
            {
                return InteractionReply.Private("days must be `weekdays` or `daily`.");
            }

            subscription = subscription with { Days = days };
        }

        if (args.Like is { } likeText)
        {
            if (!TryParseLike(likeText, out var like))
            {
                return InteractionReply.Private("like must be `saves` (rank by what members saved from this channel's posts) or `topics`.");
            }

            subscription = subscription with { Like = like };
        }

        // A change restarts the schedule from now: no batch is owed for a posting time already past.
        subscription = subscription with { GuildId = caller.GuildId, CreatedAt = now, PausedReason = null, PausedAt = null };
        await subscriptions.UpsertAsync(subscription, cancellationToken).ConfigureAwait(false);
        wakeup.Signal();
        var verb = existing is null ? "Subscribed" : "Updated the digest of";
        return InteractionReply.Private($"{verb} <#{caller.ChannelId}>: {Describe(subscription)}\nNext digest: {Timestamp(DigestSchedule.NextRun(subscription))}.");
    }

    public async Task<InteractionReply> UnsubscribeAsync(DigestCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.MayManage)
        {
            return InteractionReply.Private(PermissionRefusal);
        }

        var removed = await subscriptions.DeleteAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false);
        wakeup.Signal();
        return InteractionReply.Private(removed
            ? $"<#{caller.ChannelId}> no longer gets the daily digest."
            : $"<#{caller.ChannelId}> had no digest subscription.");
    }

    public async Task<InteractionReply> SettingsAsync(DigestCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var subscription = await subscriptions.GetAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false);
        if (subscription is null)
        {
            return InteractionReply.Private($"<#{caller.ChannelId}> has no digest. Someone with Manage Channels can start one with `/digest subscribe`.");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<#{caller.ChannelId}>: {Describe(subscription)}");
        if (subscription.Like == DigestLike.Saves)
        {
            text.Append('\n').Append(TasteText(await taste.SavedAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false)));
        }

        if (subscription.PausedReason is { } reason)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n⏸️ Paused since {Timestamp(subscription.PausedAt ?? timeProvider.GetUtcNow())}: {reason}. Fix it, then run `/digest subscribe` to resume.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"\nNext digest: {Timestamp(DigestSchedule.NextRun(subscription))}.");
        }

        return InteractionReply.Private(DiscordText.Truncate(text.ToString(), DiscordLimits.MessageContent));
    }

    public async Task<InteractionReply> ListAsync(DigestCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var all = await subscriptions.ListByGuildAsync(caller.GuildId, cancellationToken).ConfigureAwait(false);
        if (all.Count == 0)
        {
            return InteractionReply.Private("No channel of this server has a digest.");
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Digests in this server ({all.Count}):"));
        foreach (var subscription in all)
        {
            var line = $"\n• <#{subscription.ChannelId}>: {Describe(subscription)}{(subscription.IsPaused ? " ⏸️ paused" : "")}";
            if (text.Length + line.Length > DiscordLimits.MessageContent - 20)
            {
                text.Append("\n…");
                break;
            }

            text.Append(line);
        }

        return InteractionReply.Private(text.ToString());
    }

    /// <summary>The batch as it would be posted now, shown only to the caller; nothing is recorded.</summary>
    public async Task<InteractionReply> PreviewAsync(DigestCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var subscription = await subscriptions.GetAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false);
        if (subscription is null)
        {
            return InteractionReply.Private($"<#{caller.ChannelId}> has no digest to preview. Start one with `/digest subscribe`.");
        }

        var (since, picked, reasons) = await planner.ChooseAsync(subscription, cancellationToken).ConfigureAwait(false);
        if (picked.Count == 0)
        {
            return InteractionReply.Private(NothingNew(subscription, since) + ".");
        }

        var emoji = discordOptions.Value.SaveEmoji;
        var embeds = new List<Embed>();
        var total = 0;
        for (var i = 0; i < picked.Count && embeds.Count < DiscordLimits.EmbedsPerMessage; i++)
        {
            var embed = DigestMessages.ForPaper(picked[i], i + 1, picked.Count, emoji, PreviewAbstractLength, reasons.GetValueOrDefault(picked[i].Id)).Embeds![0];
            var length = DigestMessages.TextLength(embed);
            if (total + length > DiscordLimits.EmbedTotalText)
            {
                break;
            }

            total += length;
            embeds.Add(embed);
        }

        var header = DigestMessages.Header(LocalToday(subscription), picked.Count, subscription.Topics).Content!;
        var more = embeds.Count < picked.Count
            ? string.Create(CultureInfo.InvariantCulture, $"\n(preview shows {embeds.Count} of {picked.Count})")
            : "";
        return new InteractionReply { Content = $"Preview — {header}{more}", Embeds = embeds, Ephemeral = true };
    }

    /// <summary>Plans a batch now; the digest service posts it within moments (posting can outlast an interaction's 3 s).</summary>
    public async Task<InteractionReply> NowAsync(DigestCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.MayManage)
        {
            return InteractionReply.Private(PermissionRefusal);
        }

        var subscription = await subscriptions.GetAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false);
        if (subscription is null)
        {
            return InteractionReply.Private($"<#{caller.ChannelId}> has no digest. Start one with `/digest subscribe`.");
        }

        if (subscription.PausedReason is { } reason)
        {
            return InteractionReply.Private($"This channel's digest is paused: {reason}. Run `/digest subscribe` to resume it first.");
        }

        var (since, picked) = await planner.SelectAsync(subscription, cancellationToken).ConfigureAwait(false);
        if (picked.Count == 0)
        {
            return InteractionReply.Private(NothingNew(subscription, since) + "; nothing to post.");
        }

        await planner.PlanAsync(subscription, LocalToday(subscription), DigestBatchKind.Manual, cancellationToken).ConfigureAwait(false);
        wakeup.Signal();
        return InteractionReply.Private(picked.Count == 1 ? "Posting 1 paper now." : string.Create(CultureInfo.InvariantCulture, $"Posting {picked.Count} papers now."));
    }
}
