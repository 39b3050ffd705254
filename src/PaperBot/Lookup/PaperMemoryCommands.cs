using System.Globalization;
using System.Text;
using PaperBot.Chat;
using PaperBot.Discord.Models;
using PaperBot.Memory;
using static PaperBot.Interactions.SlashCommandOptions;

namespace PaperBot.Lookup;

/// <summary>The server-memory parts of <c>/paper</c> and <c>/paperbot</c>: definitions and the "In this server" text.</summary>
public static class PaperMemoryCommands
{
    /// <summary>GUILD_MESSAGES (1 &lt;&lt; 9) and MESSAGE_CONTENT (1 &lt;&lt; 15): what link cards need besides the defaults.</summary>
    public const int LinkCardIntents = (1 << 9) | (1 << 15);

    public static ApplicationCommandOption Discussed { get; } = Subcommand("discussed", "The papers this server talked about most",
    [
        new() { Type = ApplicationCommandOptionType.Integer, Name = "days", Description = "Over the last N days (default 30)", MinValue = 1, MaxValue = 365 },
        new() { Type = ApplicationCommandOptionType.Channel, Name = "channel", Description = "Only this channel", ChannelTypes = [ChannelType.GuildText] },
    ]);

    public static ApplicationCommandOption Links { get; } = new()
    {
        Type = ApplicationCommandOptionType.SubCommandGroup,
        Name = "links",
        Description = "Cards for paper links posted in this channel",
        Options =
        [
            Subcommand("on", "Answer messages that link papers with a card (Manage Channels)", []),
            Subcommand("off", "Stop answering paper links in this channel (Manage Channels)", []),
        ],
    };

    /// <summary>"Mentioned 3× in #a and #b, saved by 5, last on 2026-12-01", then jump links; null when the server has no memory of it.</summary>
    public static string? Describe(PaperMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (memory.IsEmpty)
        {
            return null;
        }

        var parts = new List<string>();
        if (memory.Mentions > 0)
        {
            var channels = memory.Channels.Select(c => string.Create(CultureInfo.InvariantCulture, $"<#{c}>")).ToList();
            var where = channels.Count switch
            {
                0 => "",
                1 => " in " + channels[0],
                _ => " in " + string.Join(", ", channels[..^1]) + " and " + channels[^1],
            };
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"mentioned {memory.Mentions}×{where}"));
        }

        if (memory.SavedBy > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"saved by {memory.SavedBy}"));
        }

        if (memory.Last is { } last)
        {
            parts.Add("last on " + last.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        var text = new StringBuilder(string.Join(", ", parts));
        text[0] = char.ToUpperInvariant(text[0]);
        if (memory.Recent.Count > 0)
        {
            text.Append('\n').Append(string.Join(" · ", memory.Recent.Select(m => string.Create(
                CultureInfo.InvariantCulture, $"<#{m.ChannelId}> [{m.At.UtcDateTime:yyyy-MM-dd}]({m.JumpUrl.AbsoluteUri})"))));
        }

        return text.ToString();
    }

    /// <summary>A paper list entry's line for <c>/paper discussed</c>.</summary>
    public static string Counts(PaperMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"mentioned {memory.Mentions}×") };
        if (memory.SavedBy > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"saved by {memory.SavedBy}"));
        }

        if (memory.Last is { } last)
        {
            parts.Add("last on " + last.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return DiscordMarkdown.Escape(string.Join(" · ", parts));
    }

    /// <summary>What to do when the bot lacks the intents link cards need; nothing is changed.</summary>
    public static string MissingIntents(int configured)
    {
        var wanted = configured | LinkCardIntents;
        return string.Create(CultureInfo.InvariantCulture, $"""
            Link cards need two gateway intents this PaperBot was not started with: **GUILD_MESSAGES** (to see new messages) and **MESSAGE_CONTENT** (to read the links in them). Nothing was changed. To turn them on:
            1. In the Discord Developer Portal (<https://discord.com/developers/applications>) open this application, then **Bot** › **Privileged Gateway Intents**, switch on **Message Content Intent** and save. (GUILD_MESSAGES is not privileged.)
            2. Set `Discord:Intents` to `{wanted}` (it is `{configured}` now), e.g. the environment variable `Discord__Intents={wanted}`, and restart PaperBot.
            Then run `/paperbot links on` again. The message commands (a message's ⋯ › Apps › **Paper cards** or **Save papers**) work without these intents.
            """);
    }
}
