using PaperBot.Chat;
using PaperBot.Interactions;
using PaperBot.Papers;

namespace PaperBot.Library;

/// <summary>The one answer to a Save button or menu, wherever a card shows it (<c>/paper</c>, link cards).</summary>
public static class SaveButtonReply
{
    /// <summary>Saves the paper to the presser's library and answers privately; an unknown paper changes nothing.</summary>
    public static async Task<InteractionReply> SaveAsync(
        PaperStore papers, LibraryStore library, InteractionContext context, string? paperId, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(context);
        var paper = paperId is null ? null : await papers.GetAsync(paperId, cancellationToken).ConfigureAwait(false);
        if (paper is null)
        {
            return InteractionReply.Private("That paper is no longer in my store, so it cannot be saved.");
        }

        var saved = await library.SaveAsync(context.UserId, paper.Id, context.GuildId, context.ChannelId, source, cancellationToken).ConfigureAwait(false);
        var title = DiscordMarkdown.Escape(paper.DisplayTitle);
        return InteractionReply.Private(saved
            ? $"Saved **{title}** (`{paper.Id}`) to your library. `/library list` shows it."
            : $"**{title}** (`{paper.Id}`) is already in your library.");
    }
}
