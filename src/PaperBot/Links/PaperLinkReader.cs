using System.Text;
using PaperBot.Discord.Models;
using PaperBot.Ingestion;
using PaperBot.Papers;

namespace PaperBot.Links;

/// <summary>
/// The one path from a message to its papers, shared by the message commands, link cards and the shell's
/// <c>card</c>/<c>savelinks</c>: the links in its text and embeds, each paper from the store or arXiv.
/// </summary>
public sealed class PaperLinkReader(PaperOnDemand onDemand)
{
    public const string NoLinksText =
        "That message links no paper I can read. I look for arXiv links (abs or pdf), `arXiv:2401.01234`, huggingface.co/papers links and arXiv DOIs (doi.org/10.48550/arXiv.…).";

    /// <summary>Every id linked in the message (in order, distinct) and, for the first <see cref="LinkCards.MaxPapers"/>, the lookups.</summary>
    public async Task<LinkedPapers> ReadAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var ids = PaperLinks.Extract(Text(message));
        var lookups = ids.Count == 0
            ? []
            : await onDemand.FindManyAsync([.. ids.Take(LinkCards.MaxPapers)], cancellationToken).ConfigureAwait(false);
        return new LinkedPapers(ids.Count, lookups);
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

/// <summary>How many papers a message links, and the looked-up first few.</summary>
public sealed record LinkedPapers(int LinkedCount, IReadOnlyList<PaperLookup> Lookups)
{
    public IReadOnlyList<Paper> Found => [.. Lookups.Where(l => l.Paper is not null).Select(l => l.Paper!)];
}
