using PaperBot.Chat;
using PaperBot.Memory;
using PaperBot.Papers;

namespace PaperBot.Links;

/// <summary>
/// After a card message went out: which paper sits at which number (so 🔖 and the keycaps on it save) and,
/// in the server's memory, that these papers were carded from the linking message.
/// </summary>
public sealed class LinkCardRecorder(PostedMessageStore postedMessages, ServerMemory memory, TimeProvider timeProvider)
{
    /// <summary>posted_messages.kind of a card message for a message's links.</summary>
    public const string Kind = "link_cards";

    /// <param name="userId">Who asked for the cards, or whose message an automatic link card answers (forget-me removes the rows).</param>
    public async Task RecordAsync(ulong guildId, ulong channelId, ulong cardMessageId, ulong linkingMessageId, IReadOnlyList<Paper> papers, ulong? userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var shown = papers.Take(LinkCards.MaxPapers).ToList();
        await postedMessages.RecordAsync(
            new PostedMessage
            {
                ChannelId = channelId,
                MessageId = cardMessageId,
                GuildId = guildId,
                PaperId = shown.Count == 1 ? shown[0].Id : null,
                Kind = Kind,
                PostedAt = timeProvider.GetUtcNow(),
                Papers = [.. shown.Select((p, i) => new PostedMessagePaper(i + 1, p.Id))],
            },
            cancellationToken).ConfigureAwait(false);

        // The memory points at the conversation (the linking message), where a jump link is worth following.
        await memory.RecordManyAsync(
            [.. shown.Select(p => new MemoryEvent { GuildId = guildId, ChannelId = channelId, PaperId = p.Id, Kind = MemoryKinds.Card, MessageId = linkingMessageId, UserId = userId })],
            cancellationToken).ConfigureAwait(false);
    }
}
