using System.Text;

namespace PaperBot.Shell;

/// <summary>What the shell's own <c>help</c> prints: how to type commands, the short forms and how to press buttons.</summary>
internal static class ShellHelp
{
    public const string Banner = "PaperBot local shell: the bot's commands, answered here instead of on Discord. Type `help` for how to use it, `quit` to leave.";

    public static string Text()
    {
        var text = new StringBuilder();
        text.AppendLine("Type slash commands as on Discord (the slash may be left out), options as `name: value`:");
        text.AppendLine("  /paper search query: speculative decoding sort: newest");
        text.AppendLine("  A value runs until the next option name; wrap it in \"double quotes\" to keep a `name:` inside it.");
        text.AppendLine("  Text before the first option goes to the first required one: /paper show 2410.03355");
        text.AppendLine("Short forms:");
        foreach (var (alias, command, subcommand) in ShellCommandParser.Aliases)
        {
            text.AppendLine($"  /{alias} ...  =  /{command} {subcommand} ...");
        }

        text.AppendLine("Message commands (on Discord: a message's ⋯ menu › Apps), on text you type:");
        foreach (var (word, command) in ShellCommandParser.MessageCommandAliases)
        {
            text.AppendLine($"  {word} <text with paper links>  =  {command}");
        }

        text.AppendLine("Buttons and menus of the latest message that has them:");
        text.AppendLine("  [1] ◀ Prev  [2] Next ▶   press one by typing its number (2) or its label (next)");
        text.AppendLine("  a save menu              type `save <number>` (e.g. save 3) to save that paper to your library");
        text.AppendLine("Suggestions, as Discord offers them while you type: `suggest` before a command with a partial value:");
        text.AppendLine("  suggest /search specul        suggest /digest subscribe timezone: Berl");
        text.AppendLine("Attached files (e.g. /library export format: bibtex) are saved in the current folder; the path is printed.");
        text.AppendLine("`/digest now` needs the bot running on Discord; `/digest preview` shows what it would post.");
        text.AppendLine("You are a local user with every permission, in a local server and channel.");
        text.AppendLine("/help lists PaperBot's commands; `quit` or `exit` (or end of input) leaves.");
        return text.ToString();
    }
}
