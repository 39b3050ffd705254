using System.Globalization;
using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Papers;

namespace PaperBot.Digest;

/// <summary>
/// The messages of a batch. Every length is cut to Discord's limits by construction and every message
/// allows no mentions, so nothing a paper or a topic says can make Discord reject a post or ping anyone.
/// </summary>
public static class DigestMessages
{
    private const int ArxivRed = 0xB31B1B;
    private const int AbstractLength = 700;
    private const int AuthorsShown = 8;

    public static MessageCreate Header(DateOnly localDate, int count, string? topics, bool manual = false)
    {
        var date = localDate.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
        var what = count == 1 ? "1 new paper" : string.Create(CultureInfo.InvariantCulture, $"{count} new papers");
        var topicText = string.IsNullOrWhiteSpace(topics)
            ? "all topics"
            : $"topics: {DiscordMarkdown.Escape(DiscordText.Truncate(topics.Trim(), 200))}";
        var title = manual ? "Paper digest (on request)" : "Daily paper digest";
        return new MessageCreate
        {
            Content = DiscordText.Truncate($"📰 **{title} — {date}** · {what} · {topicText}", DiscordLimits.MessageContent),
            AllowedMentions = AllowedMentions.None,
        };
    }

    /// <param name="reason">Why the paper was chosen for this channel (<c>like: saves</c>), shown first; null says nothing.</param>
    public static MessageCreate ForPaper(Paper paper, int position, int count, string saveEmoji, int abstractLength = AbstractLength, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var fields = new List<EmbedField>();
        if (!string.IsNullOrWhiteSpace(reason))
        {
            fields.Add(new EmbedField { Name = "Why here", Value = Field(reason), Inline = false });
        }

        fields.Add(new EmbedField { Name = "Authors", Value = Field(Authors(paper.Authors)), Inline = false });
        if (Date(paper) is { } date)
        {
            fields.Add(new EmbedField { Name = "Date", Value = date, Inline = true });
        }

        if (paper.Categories.Count > 0)
        {
            fields.Add(new EmbedField { Name = "Categories", Value = Field(DiscordMarkdown.Escape(string.Join(", ", paper.Categories))), Inline = true });
        }

        if (paper.Upvotes is { } upvotes)
        {
            fields.Add(new EmbedField { Name = "HF upvotes", Value = upvotes.ToString(CultureInfo.InvariantCulture), Inline = true });
        }

        var summary = string.IsNullOrWhiteSpace(paper.Abstract) ? paper.AiSummary : paper.DisplayAbstract;
        var embed = new Embed
        {
            Title = DiscordText.Truncate(DiscordMarkdown.Escape(paper.DisplayTitle), DiscordLimits.EmbedTitle),
            Url = paper.AbsUrl.AbsoluteUri,
            Description = string.IsNullOrWhiteSpace(summary) ? null : DiscordText.Truncate(DiscordMarkdown.Escape(summary), abstractLength),
            Color = ArxivRed,
            Fields = fields,
            Footer = new EmbedFooter { Text = DiscordText.Truncate($"arXiv:{paper.Id} · {position}/{count} · react {saveEmoji} to save", DiscordLimits.EmbedFooterText) },
        };
        return new MessageCreate { Embeds = [embed], AllowedMentions = AllowedMentions.None };
    }

    /// <summary>The characters Discord counts toward an embed's 6000 total.</summary>
    public static int TextLength(Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0)
            + (embed.Author?.Name.Length ?? 0) + (embed.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
    }

    private static string Authors(IReadOnlyList<string> authors)
    {
        if (authors.Count == 0)
        {
            return "unknown";
        }

        var shown = string.Join(", ", authors.Take(AuthorsShown).Select(DiscordMarkdown.Escape));
        return authors.Count > AuthorsShown
            ? string.Create(CultureInfo.InvariantCulture, $"{shown} and {authors.Count - AuthorsShown} more")
            : shown;
    }

    private static string? Date(Paper paper) =>
        paper.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        ?? paper.Updated?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Field(string value) => DiscordText.Truncate(value, DiscordLimits.EmbedFieldValue);
}
