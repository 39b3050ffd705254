using System.Globalization;
using System.Text;
using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Ingestion;
using PaperBot.Papers;

namespace PaperBot.Links;

/// <summary>The compact cards PaperBot shows for the papers a message links: one embed per paper and a Save button each.</summary>
public static class LinkCards
{
    /// <summary>custom_id prefix of a card's Save button: <c>lsave:&lt;paper id&gt;</c>.</summary>
    public const string SavePrefix = "lsave:";

    /// <summary>At most this many papers of one message get a card (one button row, five buttons).</summary>
    public const int MaxPapers = 5;

    private const int ArxivRed = 0xB31B1B;

    /// <summary>Embeds and the Save row for the found papers; <paramref name="abstractLength"/> 0 leaves the abstract out.</summary>
    public static (IReadOnlyList<Embed> Embeds, IReadOnlyList<MessageComponent> Components) Build(IReadOnlyList<Paper> papers, int abstractLength)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var shown = papers.Take(MaxPapers).ToList();
        var embeds = shown.Select(p => Card(p, abstractLength)).ToList();
        var buttons = shown.Select((p, i) => MessageComponent.Button(
            ButtonStyle.Success,
            shown.Count == 1 ? "Save" : string.Create(CultureInfo.InvariantCulture, $"Save {i + 1}"),
            SavePrefix + p.Id)).ToArray();
        return (embeds, buttons.Length == 0 ? [] : [MessageComponent.ActionRow(buttons)]);
    }

    /// <summary>One line per id that has no card: unknown to arXiv, or arXiv could not be asked.</summary>
    public static string? Missing(IEnumerable<PaperLookup> lookups)
    {
        var lines = new StringBuilder();
        foreach (var lookup in lookups.Where(l => l.Paper is null))
        {
            lines.Append(lookup.Outcome == PaperLookupOutcome.Unknown
                ? $"arXiv has no paper `{lookup.Id.Id}`.\n"
                : $"`{lookup.Id.Id}` is not in my store and arXiv could not be asked for it just now.\n");
        }

        return lines.Length == 0 ? null : lines.ToString().TrimEnd();
    }

    private static Embed Card(Paper paper, int abstractLength)
    {
        var line = new StringBuilder()
            .Append(DiscordMarkdown.Escape(PaperFormat.ShortAuthors(paper.Authors))).Append(" · ").Append(PaperFormat.Date(paper));
        if (PaperFormat.Upvotes(paper) is { } up)
        {
            line.Append(" · ").Append(up);
        }

        line.Append(" · `").Append(paper.Id).Append('`');
        if (abstractLength > 0 && !string.IsNullOrWhiteSpace(paper.Abstract))
        {
            line.Append('\n').Append(DiscordText.Truncate(DiscordMarkdown.Escape(paper.DisplayAbstract), abstractLength));
        }

        return new Embed
        {
            Title = DiscordText.Truncate(DiscordMarkdown.Escape(paper.DisplayTitle), DiscordLimits.EmbedTitle),
            Url = paper.AbsUrl?.AbsoluteUri,
            Description = line.ToString(),
            Color = ArxivRed,
        };
    }
}
