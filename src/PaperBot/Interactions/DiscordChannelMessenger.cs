using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;

namespace PaperBot.Interactions;

/// <summary>Posts and threads over Discord's REST API.</summary>
public sealed class DiscordChannelMessenger(DiscordRestClient rest) : IChannelMessenger
{
    public Task<Message> PostAsync(ulong channelId, MessageCreate message, CancellationToken cancellationToken)
    {
        ChannelMentions.Check(message);
        return rest.CreateMessageAsync(channelId, message, cancellationToken);
    }

    public Task<Channel> StartThreadAsync(ulong channelId, ulong messageId, StartThreadFromMessage thread, CancellationToken cancellationToken) =>
        rest.StartThreadFromMessageAsync(channelId, messageId, thread, cancellationToken);

    public Task ArchiveThreadAsync(ulong threadId, CancellationToken cancellationToken) =>
        rest.ModifyThreadAsync(threadId, new ModifyThread { Archived = true }, cancellationToken);
}
