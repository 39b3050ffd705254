using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>
/// What Tab offers for the text before the cursor: command names and short forms, subcommands, option names
/// (<c>sort: </c>), and for an option with suggestions the same values <c>suggest</c> prints (the
/// autocomplete interaction, through <paramref name="suggest"/>). Each candidate is the whole new text
/// before the cursor.
/// </summary>
internal sealed class ShellCompleter(
    IReadOnlyList<ApplicationCommand> definitions,
    Func<string, CancellationToken, Task<IReadOnlyList<string>>> suggest)
{
    private static readonly string[] ShellWords = ["help", "quit", "suggest"];

    public async Task<IReadOnlyList<string>> CompleteAsync(string before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        var words = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lastStart = before.LastIndexOf(' ') + 1;
        var partial = before[lastStart..];
        if (words.Length == 0 || (words.Length == 1 && lastStart == 0))
        {
            return Commands(partial);
        }

        var (options, subcommands, consumed) = Resolve(words);
        if (subcommands is not null && words.Length - (lastStart == before.Length ? 0 : 1) == consumed)
        {
            return subcommands
                .Where(s => s.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
                .Select(s => before[..lastStart] + s + " ")
                .ToList();
        }

        if (options is null)
        {
            return [];
        }

        var names = partial.Contains(':', StringComparison.Ordinal)
            ? []
            : options.Where(o => o.Name.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
                .Select(o => before[..lastStart] + o.Name + ": ")
                .ToList();
        if (names.Count > 0 || !options.Any(o => o.Autocomplete == true))
        {
            return names;
        }

        // A value: what `suggest` would list, put in place of what was typed of it.
        var colon = before.LastIndexOf(':');
        var valueStart = colon >= 0 ? colon + 1 : PositionalStart(before, consumed);
        while (valueStart < before.Length && before[valueStart] == ' ')
        {
            valueStart++;
        }

        var values = await suggest(before, cancellationToken).ConfigureAwait(false);
        return values.Select(v => before[..valueStart] + v).ToList();
    }

    private List<string> Commands(string partial)
    {
        var slash = partial.StartsWith('/');
        var typed = partial.TrimStart('/');
        // Message commands ("Paper cards") are typed by their word (card), not by their name.
        var names = definitions.Where(d => d.Type is null or ApplicationCommandType.ChatInput).Select(d => d.Name)
            .Concat(ShellCommandParser.Aliases.Select(a => a.Alias))
            .Concat(slash ? [] : ShellWords)
            .Concat(slash ? [] : ShellCommandParser.MessageCommandAliases.Where(a => definitions.Any(d => d.Name == a.Command)).Select(a => a.Word))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(n => n.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return names.Select(n => (slash ? "/" : "") + n + " ").ToList();
    }

    /// <summary>The option definitions the typed command takes, or its subcommand names while one is still missing; and how many words name it.</summary>
    private (IReadOnlyList<ApplicationCommandOption>? Options, IReadOnlyList<string>? Subcommands, int Consumed) Resolve(string[] words)
    {
        var first = words[0].TrimStart('/');
        var start = first.Equals("suggest", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (start >= words.Length)
        {
            return (null, null, 0);
        }

        first = words[start].TrimStart('/');
        var alias = ShellCommandParser.Aliases.FirstOrDefault(a => a.Alias.Equals(first, StringComparison.OrdinalIgnoreCase));
        var command = definitions.FirstOrDefault(d => d.Name.Equals(first, StringComparison.OrdinalIgnoreCase));
        if (command is null && alias.Alias is not null)
        {
            var target = definitions.FirstOrDefault(d => d.Name == alias.Command);
            return (target?.Options?.FirstOrDefault(o => o.Name == alias.Subcommand)?.Options ?? [], null, start + 1);
        }

        if (command is null)
        {
            return (null, null, start + 1);
        }

        var options = command.Options ?? [];
        var subs = options.Where(o => o.Type == ApplicationCommandOptionType.SubCommand).ToList();
        if (subs.Count == 0)
        {
            return (options, null, start + 1);
        }

        var sub = start + 1 < words.Length ? subs.FirstOrDefault(s => s.Name.Equals(words[start + 1], StringComparison.OrdinalIgnoreCase)) : null;
        return sub is null
            ? (null, subs.Select(s => s.Name).ToList(), start + 1)
            : (sub.Options ?? [], null, start + 2);
    }

    private static int PositionalStart(string before, int consumed)
    {
        var index = 0;
        for (var word = 0; word < consumed; word++)
        {
            while (index < before.Length && before[index] == ' ')
            {
                index++;
            }

            while (index < before.Length && before[index] != ' ')
            {
                index++;
            }
        }

        return index;
    }
}
