using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>Shorthands for the option trees of slash-command definitions, shared by every feature's module.</summary>
public static class SlashCommandOptions
{
    /// <summary>A subcommand; Discord gets no <c>options</c> field at all when it takes none.</summary>
    public static ApplicationCommandOption Subcommand(string name, string description, IReadOnlyList<ApplicationCommandOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new() { Type = ApplicationCommandOptionType.SubCommand, Name = name, Description = description, Options = options.Count > 0 ? options : null };
    }
}
