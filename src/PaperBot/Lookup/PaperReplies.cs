using System.Globalization;
using System.Text;
using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Papers;

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
    private const int DetailAbstractLength = 1500;

    public static InteractionReply List(string heading, IReadOnlyList<PaperListEntry> entries, string? footer, MessageComponent? navigation = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        var perEntry = ListAbstractBudget / Math.Max(1, entries.Count);
        foreach (var entry in entries)
        {
            var block = new StringBuilder();
            var p = entry.Paper;
            block.Append(CultureInfo.InvariantCulture, $"**{entry.Number}.** {PaperFormat.Link(p.Title, p.AbsUrl)}\n");
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

    public static InteractionReply Detail(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var fields = new List<EmbedField>
        {
            new() { Name = "Authors", Value = DiscordMarkdown.Escape(string.Join(", ", paper.Authors.DefaultIfEmpty("unknown"))) },
            new() { Name = "Published", Value = PaperFormat.Date(paper), Inline = true },
        };
        if (paper.Updated is { } updated)
        {
            fields.Add(new() { Name = "Updated", Value = updated.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Inline = true });
        }

        if (paper.Categories.Count > 0)
        {
            fields.Add(new() { Name = "Categories", Value = DiscordMarkdown.Escape(string.Join(", ", paper.Categories)), Inline = true });
        }

        if (paper.Upvotes is { } upvotes)
        {
            fields.Add(new() { Name = "Hugging Face upvotes", Value = upvotes.ToString(CultureInfo.InvariantCulture), Inline = true });
        }

        if (!string.IsNullOrWhiteSpace(paper.AiSummary))
        {
            fields.Add(new() { Name = "AI summary", Value = DiscordMarkdown.Escape(paper.AiSummary) });
        }

        fields.Add(new() { Name = "Links", Value = string.Join(" · ", Links(paper).Select(l => $"[{l.Label}]({l.Url})")) });
        var embed = new Embed
        {
            Title = DiscordMarkdown.Escape(paper.Title),
            Url = paper.AbsUrl.AbsoluteUri,
            Description = string.IsNullOrWhiteSpace(paper.Abstract)
                ? "No abstract stored."
                : DiscordText.Truncate(DiscordMarkdown.Escape(paper.Abstract.ReplaceLineEndings(" ")), DetailAbstractLength),
            Color = ArxivRed,
            Fields = fields,
            Footer = new EmbedFooter { Text = string.Create(CultureInfo.InvariantCulture, $"arXiv:{paper.Id}v{paper.Version}") },
        };
        var buttons = new List<MessageComponent> { MessageComponent.Button(ButtonStyle.Success, "Save", $"{SavePrefix}:{paper.Id}") };
        buttons.AddRange(Links(paper).Take(4).Select(l => MessageComponent.LinkButton(l.Label, l.Url)));
        return new InteractionReply { Embeds = [embed], Components = [MessageComponent.ActionRow([.. buttons])] };
    }

    private static MessageComponent SaveSelect(IReadOnlyList<PaperListEntry> entries) =>
        MessageComponent.StringSelect(
            SavePrefix,
            [.. entries.Take(DiscordLimits.SelectOptions).Select(e => new SelectOption
            {
                Label = DiscordText.Truncate($"{e.Number}. {e.Paper.Title}", DiscordLimits.SelectOptionText),
                Value = e.Paper.Id,
                Description = DiscordText.Truncate(PaperFormat.ShortAuthors(e.Paper.Authors), DiscordLimits.SelectOptionText),
            })],
            placeholder: "Save a paper to your library…");

    private static IEnumerable<(string Label, string Url)> Links(Paper paper)
    {
        yield return ("arXiv", paper.AbsUrl.AbsoluteUri);
        yield return ("PDF", paper.PdfUrl.AbsoluteUri);
        yield return ("Hugging Face", paper.HuggingFaceUrl.AbsoluteUri);
        if (Uri.TryCreate(paper.CodeUrl, UriKind.Absolute, out var code) && code.Scheme is "https" or "http")
        {
            yield return ("Code", code.AbsoluteUri);
        }
    }
}
