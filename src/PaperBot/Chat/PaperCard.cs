using System.Globalization;
using System.Text;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Papers;

namespace PaperBot.Chat;

/// <summary>
/// The one card a paper gets on Discord: <c>/paper show</c>, digest posts and the digest preview. Every piece
/// is escaped and cut to Discord's limits here, so no caller can make Discord reject it.
/// </summary>
public static class PaperCard
{
    /// <summary>How much abstract a card shows unless its caller needs it shorter (a preview of ten cards).</summary>
    public const int AbstractLength = 1500;

    private const int ArxivRed = 0xB31B1B;

    /// <param name="paper">The paper to show.</param>
    /// <param name="abstractLength">The most characters of abstract shown.</param>
    /// <param name="reason">Why the paper was chosen here (a digest's <c>like: saves</c>), shown first; null says nothing.</param>
    /// <param name="footerNote">Said after the arXiv id in the footer (a digest's position and how to save); null for none.</param>
    public static Embed Create(Paper paper, int abstractLength = AbstractLength, string? reason = null, string? footerNote = null)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var fields = new List<EmbedField>();
        if (!string.IsNullOrWhiteSpace(reason))
        {
            fields.Add(new() { Name = "Why here", Value = Field(reason) });
        }

        fields.Add(new() { Name = "Authors", Value = Authors(paper.Authors) });
        fields.Add(new() { Name = "Published", Value = PaperFormat.Date(paper), Inline = true });
        if (paper.Updated is { } updated)
        {
            fields.Add(new() { Name = "Updated", Value = PaperFormat.Day(updated), Inline = true });
        }

        if (paper.Categories.Count > 0)
        {
            fields.Add(new() { Name = "Categories", Value = Field(DiscordMarkdown.Escape(string.Join(", ", paper.Categories))), Inline = true });
        }

        if (paper.Upvotes is { } upvotes)
        {
            fields.Add(new() { Name = "Hugging Face upvotes", Value = upvotes.ToString(CultureInfo.InvariantCulture), Inline = true });
        }

        if (!string.IsNullOrWhiteSpace(paper.AiSummary))
        {
            fields.Add(new() { Name = "AI summary", Value = Field(DiscordMarkdown.Escape(paper.AiSummary)) });
        }

        var links = string.Join(" · ", Links(paper).Select(l => $"[{l.Label}]({l.Url})"));
        if (links.Length > 0)
        {
            fields.Add(new() { Name = "Links", Value = links });
        }

        var footer = paper.IsArxiv ? string.Create(CultureInfo.InvariantCulture, $"arXiv:{paper.Id}v{paper.Version}") : PaperId.Label(paper.Id);
        return new Embed
        {
            Title = DiscordText.Truncate(DiscordMarkdown.Escape(paper.DisplayTitle), DiscordLimits.EmbedTitle),
            Url = paper.AbsUrl?.AbsoluteUri,
            Description = string.IsNullOrWhiteSpace(paper.Abstract)
                ? "No abstract stored."
                : DiscordText.Truncate(DiscordMarkdown.Escape(paper.DisplayAbstract), Math.Min(abstractLength, DiscordLimits.EmbedDescription)),
            Color = ArxivRed,
            Fields = fields,
            Footer = new EmbedFooter { Text = DiscordText.Truncate(footerNote is null ? footer : $"{footer} · {footerNote}", DiscordLimits.EmbedFooterText) },
        };
    }

    /// <summary>
    /// The paper's pages: arXiv, the PDF, Hugging Face (or, for a paper from another source, its DOI) and, when it is
    /// a web link, its code.
    /// </summary>
    public static IEnumerable<(string Label, string Url)> Links(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        if (paper.IsArxiv)
        {
            yield return ("arXiv", paper.AbsUrl!.AbsoluteUri);
            yield return ("PDF", paper.PdfUrl!.AbsoluteUri);
            yield return ("Hugging Face", paper.HuggingFaceUrl.AbsoluteUri);
        }
        else if (paper.AbsUrl is { } page)
        {
            yield return ("DOI", page.AbsoluteUri);
        }

        if (Uri.TryCreate(paper.CodeUrl, UriKind.Absolute, out var code) && code.Scheme is "https" or "http")
        {
            yield return ("Code", code.AbsoluteUri);
        }
    }

    /// <summary>As many authors as fit the field, then how many more there are.</summary>
    private static string Authors(IReadOnlyList<string> authors)
    {
        if (authors.Count == 0)
        {
            return "unknown";
        }

        var text = new StringBuilder();
        for (var i = 0; i < authors.Count; i++)
        {
            var name = DiscordMarkdown.Escape(authors[i]);
            var separator = i == 0 ? "" : ", ";
            // Room for "and N more" stays free while names follow; the last name may use it.
            var reserve = i + 1 < authors.Count ? More(authors.Count - i - 1).Length : 0;
            if (text.Length + separator.Length + name.Length + reserve > DiscordLimits.EmbedFieldValue)
            {
                return i == 0 ? Field(name) : text.Append(More(authors.Count - i)).ToString();
            }

            text.Append(separator).Append(name);
        }

        return text.ToString();
    }

    private static string More(int count) => string.Create(CultureInfo.InvariantCulture, $" and {count} more");

    private static string Field(string value) => DiscordText.Truncate(value, DiscordLimits.EmbedFieldValue);
}
