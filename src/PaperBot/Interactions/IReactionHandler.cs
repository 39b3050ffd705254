using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// Receives reaction events from the gateway owner, each call in a fresh DI scope. Register with
/// <c>services.AddScoped&lt;IReactionHandler, MyHandler&gt;()</c>; every registered handler sees every event.
/// </summary>
public interface IReactionHandler
{
    /// <param name="botUserId">The bot's own user id (from READY), so its own reactions can be ignored.</param>
    Task OnReactionAddAsync(MessageReactionAdd reaction, ulong botUserId, CancellationToken cancellationToken);

    Task OnReactionRemoveAsync(MessageReactionRemove reaction, ulong botUserId, CancellationToken cancellationToken);
}
