using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// Receives MESSAGE_CREATE events from the gateway owner (only when the bot runs with the GUILD_MESSAGES
/// intent), each call in a fresh DI scope, off the gateway's delivery loop. Register with
/// <see cref="InteractionServiceCollectionExtensions.AddMessageHandler{THandler}"/>; every handler sees every message.
/// </summary>
public interface IMessageHandler
{
    /// <param name="botUserId">The bot's own user id (from READY), so its own messages can be ignored.</param>
    Task OnMessageCreateAsync(Message message, ulong botUserId, CancellationToken cancellationToken);
}
