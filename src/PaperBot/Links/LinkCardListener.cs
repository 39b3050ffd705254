using Microsoft.Extensions.Logging;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Interactions;
using PaperBot.Memory;
using PaperBot.Papers;

namespace PaperBot.Links;

/// <summary>
/// Link cards: in a channel with <c>/paperbot links on</c>, a member's message that links papers gets one
/// compact card message in reply, and its papers go into the server's memory. Never for a bot (PaperBot
/// included) or a webhook, at most one card message per message, and a paper carded in the channel within
/// the last hour is left out. Needs the GUILD_MESSAGES and MESSAGE_CONTENT intents: without the second,
/// Discord sends the message with empty content and nothing happens.
/// </summary>
public sealed partial class LinkCardListener(
    LinkCardChannels channels,
    PaperLinkReader reader,
    ServerMemory memory,
    LinkCardRecorder recorder,
    LinkCardGate gate,
    DiscordRestClient discord,
    TimeProvider timeProvider,
    ILogger<LinkCardListener> logger) : IMessageHandler
{
    /// <summary>A paper carded in a channel is not carded there again within this window.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromHours(1);

    public async Task OnMessageCreateAsync(Message message, ulong botUserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.GuildId is not { } guild || message.Author is not { } author
            || author.Bot == true || author.Id == botUserId || message.WebhookId is not null
            || !PaperLinkReader.LinksAny(message)
            || !await channels.IsEnabledAsync(message.ChannelId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var found = (await reader.ReadAsync(message, cancellationToken).ConfigureAwait(false)).Found;
        if (found.Count == 0)
        {
            return;
        }

        await memory.RecordManyAsync(
            [.. found.Select(p => new MemoryEvent { GuildId = guild, ChannelId = message.ChannelId, PaperId = p.Id, Kind = MemoryKinds.Linked, MessageId = message.Id, UserId = author.Id })],
            cancellationToken).ConfigureAwait(false);

        // One at a time, so two messages linking the same paper at once still get one card between them.
        await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var since = timeProvider.GetUtcNow() - RepeatWindow;
            var fresh = new List<Paper>();
            foreach (var paper in found)
            {
                if (!await memory.CardShownSinceAsync(message.ChannelId, paper.Id, since, cancellationToken).ConfigureAwait(false))
                {
                    fresh.Add(paper);
                }
            }

            if (fresh.Count == 0)
            {
                Log.AllCardedRecently(logger, message.ChannelId, message.Id);
                return;
            }

            var (embeds, components) = LinkCards.Build(fresh, abstractLength: 0);
            var card = new MessageCreate
            {
                Embeds = embeds,
                Components = components,
                MessageReference = new MessageReference { MessageId = message.Id, ChannelId = message.ChannelId, GuildId = guild, FailIfNotExists = false },
                AllowedMentions = AllowedMentions.None,
            };
            Message posted;
            try
            {
                posted = await discord.CreateMessageAsync(message.ChannelId, card, cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordHttpException ex) when (ex.Code is 10003 or 50001 or 50013)
            {
                Log.CannotPost(logger, message.ChannelId, ex.Code);
                return;
            }

            await recorder.RecordAsync(guild, message.ChannelId, posted.Id, message.Id, fresh, author.Id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "No link card for message {MessageId} in channel {ChannelId}: its papers were carded there within the hour")]
        public static partial void AllCardedRecently(ILogger logger, ulong channelId, ulong messageId);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Link cards are on in channel {ChannelId}, but the bot may not post there (Discord error {Code})")]
        public static partial void CannotPost(ILogger logger, ulong channelId, int code);
    }
}

/// <summary>Serializes link cards process-wide (see <see cref="LinkCardListener"/>).</summary>
public sealed class LinkCardGate : IDisposable
{
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public void Dispose() => Lock.Dispose();
}
