using System.Globalization;
using System.Text;
using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Papers;

namespace PaperBot.Club;

/// <summary>What the journal club posts: the announcement (the only message that pings, and only the presenter), the thread's name, the reminder, the queue.</summary>
internal static class ClubMessages
{
    private const int AbstractLength = 500;

    public static string LongDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    public static MessageCreate Announcement(Paper paper, DateOnly date, ulong presenterId, string? note) => new()
    {
        Content = $"📅 **Journal club on {LongDate(date)}**, presented by <@{presenterId}>. Discuss it in the thread below.",
        Embeds = [Card(paper, note)],
        AllowedMentions = ChannelMentions.OnlyUser(presenterId),
    };

    public static StartThreadFromMessage Thread(Paper paper, DateOnly date) => new()
    {
        Name = DiscordText.Truncate($"Journal club {date:yyyy-MM-dd}: {paper.DisplayTitle}", DiscordLimits.ChannelName),
        // A week without a message before Discord hides it: the discussion usually spans the days around the session.
        AutoArchiveDuration = 10080,
    };

    public static MessageCreate Reminder(Paper? paper, ClubEntry entry) => new()
    {
        Content = DiscordText.Truncate(
            $"⏰ Reminder: journal club tomorrow, {LongDate(entry.SessionDate!.Value)}, on **{DiscordMarkdown.Escape(paper?.DisplayTitle ?? entry.PaperId)}**"
            + (entry.PresenterId is { } p ? $", presented by <@{p}>." : "."),
            DiscordLimits.MessageContent),
        AllowedMentions = entry.PresenterId is { } presenter ? ChannelMentions.OnlyUser(presenter) : AllowedMentions.None,

        // Sent again after a crash between Discord's answer and the ledger, the same nonce makes Discord drop the repeat.
        Nonce = string.Create(CultureInfo.InvariantCulture, $"club{entry.ThreadId}"),
        EnforceNonce = true,
    };

    public static Embed Card(Paper paper, string? note)
    {
        var fields = new List<EmbedField>
        {
            new() { Name = "Authors", Value = DiscordText.Truncate(DiscordMarkdown.Escape(PaperFormat.ShortAuthors(paper.Authors)), DiscordLimits.EmbedFieldValue), Inline = true },
            paper.PdfUrl is { } pdf
                ? new() { Name = "arXiv", Value = $"{PaperFormat.Link(paper.Id, paper.AbsUrl)} · [PDF]({pdf.AbsoluteUri})", Inline = true }
                : new() { Name = "Paper", Value = PaperFormat.Link(PaperId.Label(paper.Id), paper.AbsUrl), Inline = true },
        };
        if (!string.IsNullOrWhiteSpace(note))
        {
            fields.Add(new() { Name = "Note", Value = DiscordText.Truncate(DiscordMarkdown.Escape(note), DiscordLimits.EmbedFieldValue) });
        }

        return new Embed
        {
            Title = DiscordText.Truncate(paper.DisplayTitle, DiscordLimits.EmbedTitle),
            Url = paper.AbsUrl?.AbsoluteUri,
            Description = DiscordText.Truncate(DiscordMarkdown.Escape(paper.DisplayAbstract), AbstractLength),
            Fields = fields,
        };
    }

    /// <summary>The queue: scheduled sessions first (with their thread), then what is waiting, in the order it was added.</summary>
    public static string Queue(ulong channelId, IReadOnlyList<ClubEntry> entries, IReadOnlyDictionary<string, Paper> papers)
    {
        if (entries.Count == 0)
        {
            return $"<#{channelId}> has nothing in its reading queue. Add a paper with `/club add id:`.";
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Reading queue of <#{channelId}> ({entries.Count}):"));
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var title = papers.TryGetValue(entry.PaperId, out var paper) ? paper.DisplayTitle : entry.PaperId;
            var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"\n{i + 1}. **{DiscordMarkdown.Escape(DiscordText.Truncate(title, 120))}** ({entry.PaperId})"));
            if (entry.SessionDate is { } date)
            {
                line.Append(CultureInfo.InvariantCulture, $" — 📅 {LongDate(date)}");
                if (entry.PresenterId is { } presenter)
                {
                    line.Append(CultureInfo.InvariantCulture, $", presented by <@{presenter}>");
                }

                if (entry.ThreadId is { } thread)
                {
                    line.Append(CultureInfo.InvariantCulture, $", thread <#{thread}>");
                }
            }

            if (!string.IsNullOrWhiteSpace(entry.Note))
            {
                line.Append(" — ").Append(DiscordMarkdown.Escape(DiscordText.Truncate(entry.Note, 100)));
            }

            if (text.Length + line.Length > DiscordLimits.MessageContent - 20)
            {
                text.Append("\n…");
                break;
            }

            text.Append(line);
        }

        return text.ToString();
    }
}
