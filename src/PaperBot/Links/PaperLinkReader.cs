using System.Text;
using PaperBot.Discord.Models;
using PaperBot.Ingestion;
using PaperBot.Papers;

namespace PaperBot.Links;

/// <summary>
/// The one path from a message to its papers, shared by the message commands, link cards and the shell's
/// <c>card</c>/<c>savelinks</c>: the links in its text and embeds, each paper from the store or arXiv; and the DOIs of
/// papers imported under them, from the store.
/// </summary>
public sealed class PaperLinkReader(PaperOnDemand onDemand, PaperStore papers)
{
    public const string NoLinksText =
        "That message links no paper I can read. I look for arXiv links (abs or pdf), `arXiv:2401.01234`, huggingface.co/papers links, arXiv DOIs (doi.org/10.48550/arXiv.…) and the DOIs of papers imported into my store.";

    /// <summary>Whether the message links anything <see cref="ReadAsync"/> may find (no lookup).</summary>
    public static bool LinksAny(Message message)
    {
        var text = Text(message);
        return PaperLinks.Extract(text, 1).Count > 0 || PaperLinks.ExtractDois(text, 1).Count > 0;
    }

    /// <summary>
    /// Every arXiv id linked in the message (in order, distinct) and, for the first <see cref="LinkCards.MaxPapers"/>, the
    /// lookups; then, in the room left, the stored papers of the DOIs it links (a DOI the store lacks is not a paper
    /// PaperBot knows, and is not counted).
    /// </summary>
    public async Task<LinkedPapers> ReadAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Text(message);
        var ids = PaperLinks.Extract(text);
        var lookups = ids.Count == 0
            ? []
            : await onDemand.FindManyAsync([.. ids.Take(LinkCards.MaxPapers)], cancellationToken).ConfigureAwait(false);
        var dois = PaperLinks.ExtractDois(text);
        if (dois.Count == 0)
        {
            return new LinkedPapers(ids.Count, lookups);
        }

        var stored = (await papers.GetManyAsync(dois, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var known = dois.Where(stored.ContainsKey).Select(d => stored[d]).ToList();
        var room = Math.Max(0, LinkCards.MaxPapers - lookups.Count);
        return new LinkedPapers(ids.Count + known.Count, lookups, [.. known.Take(room)]);
    }

    /// <summary>A message's readable text: its content and its embeds' urls, titles and descriptions (a bot's or an unfurl's links).</summary>
    public static string Text(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder(message.Content ?? "");
        foreach (var embed in message.Embeds ?? [])
        {
            text.Append('\n').Append(embed.Url).Append('\n').Append(embed.Title).Append('\n').Append(embed.Description);
        }

        return text.ToString();
    }
}

/// <summary>How many papers a message links, the looked-up first few, and the stored papers its other DOIs name.</summary>
public sealed record LinkedPapers(int LinkedCount, IReadOnlyList<PaperLookup> Lookups, IReadOnlyList<Paper>? ByDoi = null)
{
    public IReadOnlyList<Paper> Found => [.. Lookups.Where(l => l.Paper is not null).Select(l => l.Paper!), .. ByDoi ?? []];
}
