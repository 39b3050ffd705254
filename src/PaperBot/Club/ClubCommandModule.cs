using PaperBot.Discord.Models;
using PaperBot.Interactions;
using static PaperBot.Interactions.SlashCommandOptions;

namespace PaperBot.Club;

/// <summary><c>/club</c>: maps options to <see cref="ClubCommands"/>.</summary>
public sealed class ClubCommandModule(ClubCommands club) : ICommandModule
{
    public IReadOnlyList<ApplicationCommand> Definitions { get; } =
    [
        new ApplicationCommand
        {
            Name = "club",
            Description = "The channel's journal club: a reading queue and scheduled sessions",
            Contexts = [InteractionContextType.Guild],
            Options =
            [
                Subcommand("add", "Queue a paper for the journal club", [Id(), new() { Type = ApplicationCommandOptionType.String, Name = "note", Description = "Why read it, what to look at", MaxLength = ClubCommands.NoteLength }]),
                Subcommand("list", "This channel's reading queue and scheduled sessions", []),
                Subcommand("remove", "Take a paper off the reading queue", [Id()]),
                Subcommand("schedule", "Announce a session and open its thread (needs Manage Channels)",
                [
                    Id(),
                    new() { Type = ApplicationCommandOptionType.String, Name = "date", Description = "Session date, YYYY-MM-DD", Required = true, MaxLength = 10 },
                    new() { Type = ApplicationCommandOptionType.User, Name = "presenter", Description = "Who presents the paper (the only one pinged)", Required = true },
                ]),
                Subcommand("done", "Archive a session's thread and record it (needs Manage Channels)", [Id()]),
            ],
        },
    ];

    public IReadOnlyList<string> ComponentPrefixes => [];

    public async Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GuildId is not { } guildId)
        {
            await context.RespondAsync(InteractionReply.Private("The journal club lives in server channels: run `/club` in a channel of your server."), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Errors and the scheduler's confirmation are private; a slow schedule defers the same way.
        context.DeferEphemeral = context.Subcommand is "schedule" or "list";
        var caller = new ClubCaller(guildId, context.ChannelId, context.UserId, context.MemberPermissions);
        var reply = context.Subcommand switch
        {
            "add" => await club.AddAsync(caller, context.RequireString("id"), context.GetString("note"), cancellationToken).ConfigureAwait(false),
            "list" => await club.ListAsync(caller, cancellationToken).ConfigureAwait(false),
            "remove" => await club.RemoveAsync(caller, context.RequireString("id"), cancellationToken).ConfigureAwait(false),
            "schedule" => await club.ScheduleAsync(caller, context.RequireString("id"), context.RequireString("date"), context.GetOption("presenter")?.GetSnowflake(), context.Channels, cancellationToken).ConfigureAwait(false),
            "done" => await club.DoneAsync(caller, context.RequireString("id"), context.Channels, cancellationToken).ConfigureAwait(false),
            _ => InteractionReply.Private("That `/club` subcommand does not exist any more; `/paperbot help` lists the current ones."),
        };
        await context.RespondAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    public Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private static ApplicationCommandOption Id() =>
        new() { Type = ApplicationCommandOptionType.String, Name = "id", Description = "arXiv id, e.g. 2401.12345", Required = true, MaxLength = 100 };
}
