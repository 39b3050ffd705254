using PaperBot.Chat;
using PaperBot.Ingestion;
using PaperBot.Interactions;
using PaperBot.Papers;

namespace PaperBot.Lookup;

public sealed partial class PaperCommandModule
{
    /// <summary>The paper named by the <c>id</c> option; null after telling the user what was wrong.</summary>
    private async Task<Paper?> RequirePaperAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var text = context.RequireString("id");
        if (!ArxivId.TryParse(text, out var id))
        {
            // A paper imported from another source is named by the id it came with (a DOI, a corpus id).
            var stored = PaperId.TryNormalize(text, out var other) ? await papers.GetAsync(other, cancellationToken).ConfigureAwait(false) : null;
            return stored ?? throw new CommandInputException(
                $"{DiscordMarkdown.Code(Discord.Limits.DiscordText.Truncate(text, 80))} is neither an arXiv id nor the id of a paper in my store. {IdFormsHint}");
        }

        var paper = await papers.GetAsync(id.Id, cancellationToken).ConfigureAwait(false);
        if (paper is null)
        {
            paper = await FetchOnDemandAsync(context, id, cancellationToken).ConfigureAwait(false);
        }

        return paper;
    }

    /// <summary>A paper the store lacks, from arXiv; null after telling the user why there is none.</summary>
    private async Task<Paper?> FetchOnDemandAsync(InteractionContext context, ArxivId id, CancellationToken cancellationToken)
    {
        if (onDemand.CanFetch)
        {
            // An arXiv request waits its turn at the 3 s gate and may be retried: acknowledge first, publicly,
            // as the card will be; a "not found" then goes out as an ephemeral followup.
            await context.DeferAsync(ephemeral: false, cancellationToken).ConfigureAwait(false);
        }

        var lookup = await onDemand.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (lookup.Paper is null)
        {
            await context.RespondAsync(InteractionReply.Private(NotFoundText(lookup)), cancellationToken).ConfigureAwait(false);
        }

        return lookup.Paper;
    }

    /// <summary>Why a paper named by id could not be shown.</summary>
    public static string NotFoundText(PaperLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return lookup.Outcome switch
        {
            PaperLookupOutcome.Unknown =>
                $"arXiv has no paper arXiv:{lookup.Id.Id}: I asked it just now. Check the id (a typo, or a paper that was never submitted?); nothing was stored.",
            PaperLookupOutcome.Off => $"I don't have arXiv:{lookup.Id.Id} in my store yet. Try `/paper search` with words from its title.",
            _ => $"I don't have arXiv:{lookup.Id.Id} in my store yet, and arXiv could not be asked for it just now. Try again in a few minutes, or `/paper search` with words from its title.",
        };
    }
}
