using System.Text;
using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>
/// Turns <c>/paper search query: speculative decoding sort: newest</c> (or an alias such as
/// <c>/search speculative decoding</c>) into the interaction data Discord would send, checked against the
/// command definitions the way Discord's client checks them: known names, required options, types, ranges
/// and choices. A value runs until the next <c>name:</c> of an option of the same subcommand; double quotes
/// keep a value together; text before the first <c>name:</c> goes to the first required option.
/// </summary>
internal sealed class ShellCommandParser(IReadOnlyList<ApplicationCommand> definitions)
{
    /// <summary>Short forms: <c>/search x</c> is <c>/paper search query: x</c>.</summary>
    public static IReadOnlyList<(string Alias, string Command, string Subcommand)> Aliases { get; } =
    [
        ("search", "paper", "search"),
        ("show", "paper", "show"),
        ("latest", "paper", "latest"),
        ("related", "paper", "related"),
        ("help", "paperbot", "help"),
        ("status", "paperbot", "status"),
        ("saved", "library", "list"),
        ("export", "library", "export"),
        ("recommend", "library", "recommend"),
        ("preview", "digest", "preview"),
        ("subscribe", "digest", "subscribe"),
    ];

    /// <summary>
    /// Message commands typed on text: <c>card see arXiv:2401.01234</c> runs <c>Paper cards</c> on a message
    /// that says "see arXiv:2401.01234". Only those the bot registers (as message commands) are offered.
    /// </summary>
    public static IReadOnlyList<(string Word, string Command)> MessageCommandAliases { get; } =
    [
        ("card", "Paper cards"),
        ("savelinks", "Save papers"),
    ];

    /// <summary>The registered message command <paramref name="line"/> starts with, and the text after it; null when none.</summary>
    public (string Command, string Text)? FindMessageCommand(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (word, rest) = NextWord(line.Trim());
        var alias = MessageCommandAliases.FirstOrDefault(a => string.Equals(a.Word, word, StringComparison.OrdinalIgnoreCase));
        return alias.Word is not null && definitions.Any(d => d.Type == ApplicationCommandType.Message && d.Name == alias.Command)
            ? (alias.Command, rest.Trim())
            : null;
    }

    /// <summary>Whether the first word of <paramref name="line"/> names a command or a short form (the slash left out).</summary>
    public bool StartsWithCommand(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (word, _) = NextWord(line.Trim());
        return word.Length > 0
            && (Find(word) is not null || FindAlias(word).Alias is not null);
    }

    private static (string Alias, string Command, string Subcommand) FindAlias(string word) =>
        Aliases.FirstOrDefault(a => string.Equals(a.Alias, word, StringComparison.OrdinalIgnoreCase));

    public ShellCommand Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Trim().TrimStart('/').TrimStart();
        var (word, rest) = NextWord(text);
        if (word.Length == 0)
        {
            return ShellCommand.Fail("Type a command after the slash, e.g. `/search speculative decoding`; `help` lists them.");
        }

        string? group = null;
        string? subcommand = null;
        IReadOnlyList<ApplicationCommandOption> options;
        var command = Find(word);
        if (command is null)
        {
            var alias = FindAlias(word);
            if (alias.Alias is null || Find(alias.Command) is not { } target
                || FindOption(target.Options, alias.Subcommand, ApplicationCommandOptionType.SubCommand) is not { } sub)
            {
                return ShellCommand.Fail($"Unknown command `/{word}`. Type `help` for the shell's commands or `/help` for PaperBot's.");
            }

            command = target;
            subcommand = sub.Name;
            options = sub.Options ?? [];
        }
        else
        {
            options = command.Options ?? [];
            if (options.Any(o => o.Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup))
            {
                (word, rest) = NextWord(rest);
                if (FindOption(options, word, ApplicationCommandOptionType.SubCommandGroup) is { } g)
                {
                    group = g.Name;
                    options = g.Options ?? [];
                    (word, rest) = NextWord(rest);
                }

                if (FindOption(options, word, ApplicationCommandOptionType.SubCommand) is not { } sub)
                {
                    var names = string.Join(", ", options.Where(o => o.Type == ApplicationCommandOptionType.SubCommand).Select(o => o.Name));
                    var prefix = string.Join(' ', new[] { command.Name, group }.OfType<string>());
                    return ShellCommand.Fail(word.Length == 0
                        ? $"`/{prefix}` needs one of: {names}. E.g. `/{prefix} {names.Split(',')[0]}`."
                        : $"`/{prefix}` has no `{word}`; it has: {names}.");
                }

                subcommand = sub.Name;
                options = sub.Options ?? [];
            }
        }

        var path = string.Join(' ', new[] { command.Name, group, subcommand }.OfType<string>());
        var values = ParseOptions(path, options, rest, out var error);
        if (error is not null)
        {
            return ShellCommand.Fail(error);
        }

        IReadOnlyList<ApplicationCommandInteractionDataOption> tree = values!;
        if (subcommand is not null)
        {
            tree = [new() { Name = subcommand, Type = ApplicationCommandOptionType.SubCommand, Options = tree }];
        }

        if (group is not null)
        {
            tree = [new() { Name = group, Type = ApplicationCommandOptionType.SubCommandGroup, Options = tree }];
        }

        return new ShellCommand(new ApplicationCommandInteractionData { Name = command.Name, Type = ApplicationCommandType.ChatInput, Options = tree }, null)
        {
            Path = path,
            OptionDefinitions = options,
        };
    }

    /// <summary><c>/paper search query: &lt;text&gt; [sort: relevance|newest]</c></summary>
    public static string Usage(string path, IReadOnlyList<ApplicationCommandOption> options)
    {
        var text = new StringBuilder("/").Append(path);
        foreach (var option in options)
        {
            var shape = option.Choices is { Count: > 0 } choices
                ? string.Join('|', choices.Select(c => c.Name))
                : "<" + TypeName(option.Type) + ">";
            text.Append(' ').Append(option.Required == true ? $"{option.Name}: {shape}" : $"[{option.Name}: {shape}]");
        }

        return text.ToString();
    }

    private ApplicationCommand? Find(string name) =>
        definitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    private static ApplicationCommandOption? FindOption(IReadOnlyList<ApplicationCommandOption>? options, string name, ApplicationCommandOptionType type) =>
        name.Length == 0 ? null : options?.FirstOrDefault(o => o.Type == type && string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    private static (string Word, string Remainder) NextWord(string text)
    {
        text = text.TrimStart();
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return (text[..end], text[end..].TrimStart());
    }

    private static List<ApplicationCommandInteractionDataOption>? ParseOptions(
        string path, IReadOnlyList<ApplicationCommandOption> options, string rest, out string? error)
    {
        error = null;
        var usage = $"Type `{Usage(path, options)}`.";
        var given = new Dictionary<ApplicationCommandOption, string>();
        var markers = FindMarkers(options, rest);
        var leading = (markers.Count == 0 ? rest : rest[..markers[0].Start]).Trim();
        for (var i = 0; i < markers.Count; i++)
        {
            var (_, valueStart, option) = markers[i];
            var end = i + 1 < markers.Count ? markers[i + 1].Start : rest.Length;
            if (given.ContainsKey(option))
            {
                error = $"`{option.Name}` is given twice. {usage}";
                return null;
            }

            given[option] = Unquote(rest[valueStart..end]);
        }

        if (leading.Length > 0)
        {
            var target = options.FirstOrDefault(o => o.Required == true && !given.ContainsKey(o))
                ?? options.FirstOrDefault(o => !given.ContainsKey(o));
            if (target is null)
            {
                error = options.Count == 0
                    ? $"`/{path}` takes no options; type just `/{path}`."
                    : $"I don't know what `{leading}` is for: give options as `name: value`. {usage}";
                return null;
            }

            given[target] = Unquote(leading);
        }

        var values = new List<ApplicationCommandInteractionDataOption>();
        foreach (var option in options)
        {
            if (!given.TryGetValue(option, out var raw))
            {
                if (option.Required == true)
                {
                    error = $"`/{path}` needs `{option.Name}`. {usage}";
                    return null;
                }

                continue;
            }

            if (raw.Length == 0)
            {
                error = $"`{option.Name}:` needs a value. {usage}";
                return null;
            }

            if (ShellOptionValues.Convert(option, raw, out var problem) is not { } value)
            {
                error = $"{problem} {usage}";
                return null;
            }

            values.Add(new() { Name = option.Name, Type = option.Type, Value = value });
        }

        return values;
    }

    /// <summary>Where each <c>name:</c> of a known option starts (at a word start, outside double quotes).</summary>
    private static List<(int Start, int ValueStart, ApplicationCommandOption Option)> FindMarkers(IReadOnlyList<ApplicationCommandOption> options, string rest)
    {
        var markers = new List<(int, int, ApplicationCommandOption)>();
        var quoted = false;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '"')
            {
                quoted = !quoted;
                continue;
            }

            if (quoted || (i > 0 && !char.IsWhiteSpace(rest[i - 1])))
            {
                continue;
            }

            foreach (var option in options)
            {
                var marker = option.Name + ":";
                if (rest.AsSpan(i).StartsWith(marker, StringComparison.OrdinalIgnoreCase))
                {
                    markers.Add((i, i + marker.Length, option));
                    i += marker.Length - 1;
                    break;
                }
            }
        }

        return markers;
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Trim() : value;
    }

    private static string TypeName(ApplicationCommandOptionType type) => type switch
    {
        ApplicationCommandOptionType.Integer => "whole number",
        ApplicationCommandOptionType.Number => "number",
        ApplicationCommandOptionType.Boolean => "true|false",
        _ => "text",
    };
}
