using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Discord;
using PaperBot.Discord.Models;
using PaperBot.Interactions;

namespace PaperBot.Library;

/// <summary>What a reaction did to the library.</summary>
public enum ReactionOutcome
{
    Ignored,
    Saved,
    AlreadySaved,
    Removed,
    NothingToRemove,
}

/// <summary>
/// Save by reaction: the save emoji on a bot message about one paper saves it; a keycap 1️⃣…🔟 on a numbered
/// list saves the n-th paper. Removing the reaction undoes only the save that reaction made. Everything else
/// (bots, unknown messages, other emoji) is ignored, and a replayed event changes nothing.
/// </summary>
public sealed partial class LibraryReactions(
    PostedMessageStore postedMessages,
    LibraryStore library,
    IOptions<DiscordOptions> discordOptions,
    ILogger<LibraryReactions> logger) : IReactionHandler
{
    private static readonly string[] Keycaps =
        ["1\uFE0F\u20E3", "2\uFE0F\u20E3", "3\uFE0F\u20E3", "4\uFE0F\u20E3", "5\uFE0F\u20E3", "6\uFE0F\u20E3", "7\uFE0F\u20E3", "8\uFE0F\u20E3", "9\uFE0F\u20E3", "\U0001F51F"];

    /// <param name="botUserId">The bot's own user id (from READY); its own reactions never save anything.</param>
    Task IReactionHandler.OnReactionAddAsync(MessageReactionAdd reaction, ulong botUserId, CancellationToken cancellationToken) =>
        OnAddAsync(reaction, botUserId, cancellationToken);

    Task IReactionHandler.OnReactionRemoveAsync(MessageReactionRemove reaction, ulong botUserId, CancellationToken cancellationToken) =>
        OnRemoveAsync(reaction, botUserId, cancellationToken);

    public async Task<ReactionOutcome> OnAddAsync(MessageReactionAdd reaction, ulong botUserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        if (reaction.UserId == botUserId || reaction.Member?.User?.Bot == true)
        {
            return ReactionOutcome.Ignored;
        }

        var paperId = await ResolveAsync(reaction.ChannelId, reaction.MessageId, reaction.Emoji, cancellationToken).ConfigureAwait(false);
        if (paperId is null)
        {
            return ReactionOutcome.Ignored;
        }

        var saved = await library.SaveFromReactionAsync(reaction.UserId, paperId, reaction.GuildId, reaction.ChannelId, reaction.MessageId, cancellationToken).ConfigureAwait(false);
        Log.ReactionSave(logger, paperId, saved);
        return saved ? ReactionOutcome.Saved : ReactionOutcome.AlreadySaved;
    }

    public async Task<ReactionOutcome> OnRemoveAsync(MessageReactionRemove reaction, ulong botUserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reaction);
        if (reaction.UserId == botUserId)
        {
            return ReactionOutcome.Ignored;
        }

        var paperId = await ResolveAsync(reaction.ChannelId, reaction.MessageId, reaction.Emoji, cancellationToken).ConfigureAwait(false);
        if (paperId is null)
        {
            return ReactionOutcome.Ignored;
        }

        var removed = await library.RemoveReactionSaveAsync(reaction.UserId, paperId, reaction.ChannelId, reaction.MessageId, cancellationToken).ConfigureAwait(false);
        return removed ? ReactionOutcome.Removed : ReactionOutcome.NothingToRemove;
    }

    /// <summary>1..10 for a keycap emoji (with or without the variation selector), else null.</summary>
    public static int? KeycapNumber(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var normalized = name.Replace("\uFE0F", "", StringComparison.Ordinal);
        for (var i = 0; i < Keycaps.Length; i++)
        {
            if (string.Equals(normalized, Keycaps[i].Replace("\uFE0F", "", StringComparison.Ordinal), StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    private async Task<string?> ResolveAsync(ulong channelId, ulong messageId, Emoji emoji, CancellationToken cancellationToken)
    {
        if (emoji.Id is not null || string.IsNullOrEmpty(emoji.Name))
        {
            return null;
        }

        var isSave = IsSameEmoji(emoji.Name, discordOptions.Value.SaveEmoji);
        var number = isSave ? null : KeycapNumber(emoji.Name);
        if (!isSave && number is null)
        {
            return null;
        }

        var message = await postedMessages.FindAsync(channelId, messageId, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return null;
        }

        if (isSave)
        {
            return message.PaperId ?? (message.Papers.Count == 1 ? message.Papers[0].PaperId : null);
        }

        return message.Papers.FirstOrDefault(p => p.Position == number)?.PaperId;
    }

    private static bool IsSameEmoji(string a, string b) =>
        string.Equals(a.Replace("\uFE0F", "", StringComparison.Ordinal), b.Replace("\uFE0F", "", StringComparison.Ordinal), StringComparison.Ordinal);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Reaction save of {PaperId}: new = {Saved}")]
        public static partial void ReactionSave(ILogger logger, string paperId, bool saved);
    }
}
