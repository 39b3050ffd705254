using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Discord.RateLimits;

namespace PaperBot.Discord.Rest;

public sealed partial class DiscordRestClient
{
    /// <summary>
    /// Starts a thread on a message (a public thread in a text channel); the thread's id is the message's id.
    /// Messages to the thread go to <see cref="CreateMessageAsync(ulong, MessageCreate, CancellationToken)"/> with the thread's id.
    /// </summary>
    public Task<Channel> StartThreadFromMessageAsync(ulong channelId, ulong messageId, StartThreadFromMessage thread, CancellationToken cancellationToken)
    {
        ThreadPayloadValidator.Validate(thread);
        var route = DiscordRoute.Bot(HttpMethod.Post, "/channels/{channel_id}/messages/{message_id}/threads", $"/channels/{channelId}/messages/{messageId}/threads", channelId);
        return SendJsonAsync(route, Json(thread, DiscordJsonContext.Default.StartThreadFromMessage), DiscordJsonContext.Default.Channel, cancellationToken);
    }

    /// <summary>Changes a thread (Modify Channel), e.g. archives it: <c>new ModifyThread { Archived = true }</c>.</summary>
    public Task<Channel> ModifyThreadAsync(ulong threadId, ModifyThread modify, CancellationToken cancellationToken)
    {
        ThreadPayloadValidator.Validate(modify);
        var route = DiscordRoute.Bot(HttpMethod.Patch, "/channels/{channel_id}", $"/channels/{threadId}", threadId);
        return SendJsonAsync(route, Json(modify, DiscordJsonContext.Default.ModifyThread), DiscordJsonContext.Default.Channel, cancellationToken);
    }
}
