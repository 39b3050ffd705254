using PaperBot.Discord.Models;
using PaperBot.Library;

namespace PaperBot.Commands;

/// <summary>Hands reactions to <see cref="LibraryReactions"/>: 🔖 or a keycap on a paper the bot posted saves it.</summary>
public sealed class LibraryReactionHandler(LibraryReactions reactions) : IReactionHandler
{
    public Task OnReactionAddAsync(MessageReactionAdd reaction, ulong botUserId, CancellationToken cancellationToken) =>
        reactions.OnAddAsync(reaction, botUserId, cancellationToken);

    public Task OnReactionRemoveAsync(MessageReactionRemove reaction, ulong botUserId, CancellationToken cancellationToken) =>
        reactions.OnRemoveAsync(reaction, botUserId, cancellationToken);
}
