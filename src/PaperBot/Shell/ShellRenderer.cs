using System.Text;
using System.Text.RegularExpressions;
using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>
/// A message as terminal text: its content with Discord's markdown escapes undone, each embed as a box, then
/// its pressable buttons numbered (<c>[1] ◀ Prev  [2] Next ▶</c>), its link buttons as URLs and its select menu.
/// </summary>
internal static partial class ShellRenderer
{
    public const string EphemeralMark = "(only you can see this)";

    public const string UpdatedMark = "(updated)";

    public static string Render(Message message, bool updated)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder();
        var marks = new List<string>();
        if (updated)
        {
            marks.Add(UpdatedMark);
        }

        if (message.Flags is { } flags && flags.HasFlag(MessageFlags.Ephemeral))
        {
            marks.Add(EphemeralMark);
        }

        if (marks.Count > 0)
        {
            text.AppendLine(string.Join(' ', marks));
        }

        if (!string.IsNullOrWhiteSpace(message.Content))
        {
            text.AppendLine(Plain(message.Content).TrimEnd());
        }

        foreach (var embed in message.Embeds ?? [])
        {
            AppendEmbed(text, embed);
        }

        AppendComponents(text, message.Components ?? []);
        return text.ToString();
    }

    /// <summary>Buttons that can be pressed (not links), in reading order: number n is index n - 1.</summary>
    public static IReadOnlyList<MessageComponent> PressableButtons(Message? message) =>
        [.. Children(message).Where(c => c.Type == ComponentType.Button && c.Style != ButtonStyle.Link && c.CustomId is not null)];

    public static MessageComponent? FirstSelect(Message? message) =>
        Children(message).FirstOrDefault(c => c.Type == ComponentType.StringSelect && c.CustomId is not null);

    /// <summary>
    /// Undoes Discord escapes (<c>\*</c> shows as <c>*</c>), drops bold/underline markers and shows channel and
    /// user mentions as words, so text reads as it would on screen.
    /// </summary>
    public static string Plain(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return "";
        }

        // Links, mentions and timestamps first, on the text as sent: an escaped `\[` or `\<@1>` is literal
        // text on Discord, and must not start a link or become a mention here once unescaped.
        var source = MaskedLink().Replace(markdown, "$1 ($2)");
        source = SuppressedLink().Replace(source, "$1");
        source = ChannelMention().Replace(source, m => StartsSentence(m.Result("$`")) ? "This channel" : "this channel");
        source = Timestamp().Replace(source, m => long.TryParse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)
            : m.Value);
        source = UserMention().Replace(source, "you");

        var text = new StringBuilder(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '\\' && i + 1 < source.Length && !char.IsLetterOrDigit(source[i + 1]) && !char.IsWhiteSpace(source[i + 1]))
            {
                text.Append(source[++i]);
            }
            else if ((c == '*' || c == '_') && i + 1 < source.Length && source[i + 1] == c)
            {
                i++;
            }
            else if (c != '\u200B')
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    // At the start of the text or of a line, or after a sentence's end (bold markers and spaces skipped).
    private static bool StartsSentence(string before)
    {
        var i = before.Length - 1;
        while (i >= 0 && before[i] is ' ' or '*' or '_')
        {
            i--;
        }

        return i < 0 || before[i] is '\n' or '.' or '!' or '?';
    }

    private static IEnumerable<MessageComponent> Children(Message? message) =>
        LiveRows(message?.Components ?? []).SelectMany(row => row.Type == ComponentType.ActionRow ? row.Components ?? [] : [row]);

    /// <summary>
    /// The rows worth showing: a row of buttons that are all off (the paging of a single page of results) has
    /// nothing to press, so the console leaves it out rather than print dead buttons.
    /// </summary>
    private static IEnumerable<MessageComponent> LiveRows(IEnumerable<MessageComponent> rows) =>
        rows.Where(row => row.Type != ComponentType.ActionRow
            || row.Components is not { Count: > 0 } children
            || !children.All(c => c.Type == ComponentType.Button && c.Style != ButtonStyle.Link && c.Disabled == true));

    private static void AppendEmbed(StringBuilder text, Embed embed)
    {
        const string Rule = "────────────────────────────────────────";
        text.Append('┌').AppendLine(Rule);
        var lines = new List<string>();
        if (embed.Author is { Name.Length: > 0 } author)
        {
            lines.Add(Plain(author.Name));
        }

        if (!string.IsNullOrWhiteSpace(embed.Title))
        {
            lines.Add(Plain(embed.Title));
        }

        if (!string.IsNullOrWhiteSpace(embed.Url))
        {
            lines.Add(embed.Url);
        }

        if (!string.IsNullOrWhiteSpace(embed.Description))
        {
            lines.Add("");
            lines.AddRange(Plain(embed.Description).Split('\n'));
        }

        if (embed.Fields is { Count: > 0 } fields)
        {
            lines.Add("");
            foreach (var field in fields)
            {
                var value = Plain(field.Value).Split('\n');
                lines.Add($"{Plain(field.Name)}: {value[0]}");
                lines.AddRange(value.Skip(1).Select(v => "  " + v));
            }
        }

        foreach (var line in lines)
        {
            text.Append("│ ").AppendLine(line.TrimEnd());
        }

        text.Append('└');
        text.AppendLine(embed.Footer is { Text.Length: > 0 } footer ? "─ " + Plain(footer.Text) : Rule);
    }

    private static void AppendComponents(StringBuilder text, IReadOnlyList<MessageComponent> rows)
    {
        var number = 0;
        foreach (var row in LiveRows(rows))
        {
            var buttons = new List<string>();
            foreach (var component in row.Type == ComponentType.ActionRow ? row.Components ?? [] : [row])
            {
                switch (component)
                {
                    case { Type: ComponentType.Button, Style: ButtonStyle.Link }:
                        buttons.Add($"{component.Label}: {component.Url}");
                        break;
                    case { Type: ComponentType.Button, CustomId: not null }:
                        number++;
                        buttons.Add(component.Disabled == true ? $"[{number}] {component.Label} (off)" : $"[{number}] {component.Label}");
                        break;
                    case { Type: ComponentType.StringSelect, CustomId: not null }:
                        AppendSelect(text, component);
                        break;
                }
            }

            if (buttons.Count > 0)
            {
                text.AppendLine(string.Join("  ", buttons));
            }
        }
    }

    private static void AppendSelect(StringBuilder text, MessageComponent select)
    {
        var options = select.Options ?? [];
        if (options.Count == 0)
        {
            return;
        }

        // The shell runs every feature's handlers without knowing them: a menu that offers to save reads as "save".
        var verb = select.Placeholder?.StartsWith("Save", StringComparison.OrdinalIgnoreCase) == true ? "save" : "pick";
        var first = SelectNumber(options[0], 1);
        var last = SelectNumber(options[^1], options.Count);
        text.AppendLine(first == last
            ? $"{Plain(select.Placeholder ?? "Menu")} type `{verb} {first}`"
            : $"{Plain(select.Placeholder ?? "Menu")} type `{verb} <number>` ({first}-{last})");
    }

    /// <summary>The number an option is picked by: the leading "7." of its label, else its position.</summary>
    public static int SelectNumber(SelectOption option, int position)
    {
        ArgumentNullException.ThrowIfNull(option);
        var match = LeadingNumber().Match(option.Label);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : position;
    }

    /// <summary><c>[title](url)</c>; the title may hold escaped brackets.</summary>
    [GeneratedRegex(@"(?<!\\)\[((?:\\.|[^\]\\\n])*)\]\((https?://[^)\s]+)\)")]
    private static partial Regex MaskedLink();

    // <https://…>: a link Discord shows without a preview.
    [GeneratedRegex(@"(?<!\\)<(https?://[^>\s]+)>")]
    private static partial Regex SuppressedLink();

    [GeneratedRegex(@"(?<!\\)<t:(-?\d+)(?::[a-zA-Z])?>")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"(?<!\\)<#\d+>")]
    private static partial Regex ChannelMention();

    [GeneratedRegex(@"(?<!\\)<@!?\d+>")]
    private static partial Regex UserMention();

    [GeneratedRegex(@"^(\d+)\.\s")]
    private static partial Regex LeadingNumber();
}
