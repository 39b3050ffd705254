using System.Globalization;
using System.Text;
using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Papers;
using PaperBot.Papers.Search;

namespace PaperBot.Lookup;

/// <summary>One numbered entry of a paper list: the paper and, for searches, its highlighted snippet.</summary>
public sealed record PaperListEntry(int Number, Paper Paper, string? Snippet = null);

/// <summary>The messages of <c>/paper</c>: numbered lists (search, latest, related) and the detail card.</summary>
public static class PaperReplies
{
    /// <summary>custom_id of the "save to my library" select; a Save button appends <c>:&lt;paper id&gt;</c>.</summary>
    public const string SavePrefix = "psave";

    private const int ArxivRed = 0xB31B1B;
    private const int ListAbstractBudget = 4096;

    /// <summary>A search hit's snippet as markdown (the one escaper, in Chat), after its reason in italics when it has one.</summary>
    public static string Snippet(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var snippet = DiscordMarkdown.Snippet(hit.Snippet);
        return hit.Reason is { } reason ? $"_{DiscordMarkdown.Escape(reason)}_ · {snippet}" : snippet;
    }

    public static InteractionReply List(string heading, IReadOnlyList<PaperListEntry> entries, string? footer, MessageComponent? navigation = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // Sized up front (a search answer builds one for every interaction): the list within its budget, and one
        // entry, reused, with room for what its truncation cuts.
        var perEntry = ListAbstractBudget / Math.Max(1, entries.Count);
        var text = new StringBuilder(ListAbstractBudget + entries.Count);
        var block = new StringBuilder(perEntry * 2);
        foreach (var entry in entries)
        {
            block.Clear();
            var p = entry.Paper;
            block.Append(CultureInfo.InvariantCulture, $"**{entry.Number}.** {PaperFormat.Link(p.DisplayTitle, p.AbsUrl)}\n");
            block.Append(DiscordMarkdown.Escape(PaperFormat.ShortAuthors(p.Authors))).Append(" · ").Append(PaperFormat.Date(p));
            if (PaperFormat.Upvotes(p) is { } up)
            {
                block.Append(" · ").Append(up);
            }

            block.Append(" · `").Append(p.Id).Append("`\n");
            if (!string.IsNullOrWhiteSpace(entry.Snippet))
            {
                // Snippets come markdown-safe from the search; only the line breaks would break the quote.
                block.Append("> ").Append(entry.Snippet.ReplaceLineEndings(" ")).Append('\n');
            }

            text.Append(DiscordText.Truncate(block.ToString(), perEntry - 2)).Append('\n');
        }

        var embed = new Embed
        {
            Title = heading,
            Description = text.ToString().TrimEnd(),
            Color = ArxivRed,
            Footer = footer is null ? null : new EmbedFooter { Text = footer },
        };
        var rows = new List<MessageComponent>();
        if (navigation is not null)
        {
            rows.Add(navigation);
        }

        rows.Add(MessageComponent.ActionRow(SaveSelect(entries)));
        return new InteractionReply { Embeds = [embed], Components = rows };
    }

    /// <summary>The paper's card with a Save button and its links as buttons.</summary>
    public static InteractionReply Detail(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var buttons = new List<MessageComponent> { MessageComponent.Button(ButtonStyle.Success, "Save", $"{SavePrefix}:{paper.Id}") };
        buttons.AddRange(PaperCard.Links(paper).Take(4).Select(l => MessageComponent.LinkButton(l.Label, l.Url)));
        return new InteractionReply { Embeds = [PaperCard.Create(paper)], Components = [MessageComponent.ActionRow([.. buttons])] };
    }

    private static MessageComponent SaveSelect(IReadOnlyList<PaperListEntry> entries) =>
        MessageComponent.StringSelect(
            SavePrefix,
            [.. entries.Take(DiscordLimits.SelectOptions).Select(e => new SelectOption
            {
                Label = DiscordText.Truncate($"{e.Number}. {e.Paper.DisplayTitle}", DiscordLimits.SelectOptionText),
                Value = e.Paper.Id,
                Description = DiscordText.Truncate(PaperFormat.ShortAuthors(e.Paper.Authors), DiscordLimits.SelectOptionText),
            })],
            placeholder: "Save a paper to your library…");
}
