using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>A typed slash command: either the interaction data to dispatch or what to tell the user instead.</summary>
internal sealed record ShellCommand(ApplicationCommandInteractionData? Data, string? Error)
{
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
