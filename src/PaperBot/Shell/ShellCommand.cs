using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>A typed slash command: either the interaction data to dispatch or what to tell the user instead.</summary>
internal sealed record ShellCommand(ApplicationCommandInteractionData? Data, string? Error)
{
    /// <summary>The command path as typed on Discord, e.g. <c>paper search</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>The definitions of the options the resolved (sub)command takes.</summary>
    public IReadOnlyList<ApplicationCommandOption> OptionDefinitions { get; init; } = [];

    public static ShellCommand Fail(string error) => new(null, error);

    public (string? Group, string? Subcommand) Resolve()
    {
        if (Data is null)
        {
            return (null, null);
        }

        var (group, subcommand, _) = Data.Resolve();
        return (group, subcommand);
    }
}
