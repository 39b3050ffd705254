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
    private const int AbstractLength = 700;

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

    /// <summary>One paper of the batch: its card, with the position and how to save it in the footer.</summary>
    /// <param name="reason">Why the paper was chosen for this channel (<c>like: saves</c>), shown first; null says nothing.</param>
    public static MessageCreate ForPaper(Paper paper, int position, int count, string saveEmoji, int abstractLength = AbstractLength, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var footer = string.Create(CultureInfo.InvariantCulture, $"{position}/{count} · react {saveEmoji} to save");
        return new MessageCreate { Embeds = [PaperCard.Create(paper, abstractLength, reason, footer)], AllowedMentions = AllowedMentions.None };
    }

    /// <summary>The characters Discord counts toward an embed's 6000 total.</summary>
    public static int TextLength(Embed embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        return (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0)
            + (embed.Author?.Name.Length ?? 0) + (embed.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
    }
}
