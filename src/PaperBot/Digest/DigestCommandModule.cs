using PaperBot.Discord.Models;
using PaperBot.Interactions;
using static PaperBot.Interactions.SlashCommandOptions;

namespace PaperBot.Digest;

/// <summary><c>/digest</c>: maps options to <see cref="DigestSubscriptionService"/> and sends its answer.</summary>
public sealed class DigestCommandModule(DigestSubscriptionService digest) : ICommandModule
{
    public IReadOnlyList<ApplicationCommand> Definitions { get; } =
    [
        new ApplicationCommand
        {
            Name = "digest",
            Description = "The channel's daily paper digest",
            Contexts = [InteractionContextType.Guild],
            Options =
            [
                Subcommand("subscribe", "Post a daily digest here, or change it (needs Manage Channels)",
                [
                    new() { Type = ApplicationCommandOptionType.String, Name = "topics", Description = "A search, e.g. speculative decoding cat:cs.CL (* for everything)", MaxLength = 300 },
                    new() { Type = ApplicationCommandOptionType.String, Name = "time", Description = "Local time of day, HH:mm (default 09:00)", MaxLength = 5 },
                    new() { Type = ApplicationCommandOptionType.String, Name = "timezone", Description = "IANA time zone, e.g. Europe/Berlin", Autocomplete = true, MaxLength = 64 },
                    new() { Type = ApplicationCommandOptionType.Integer, Name = "max", Description = "Most papers per digest (1-20)", MinValue = 1, MaxValue = 20 },
                    new()
                    {
                        Type = ApplicationCommandOptionType.String, Name = "days", Description = "Every day or weekdays only",
                        Choices = [ApplicationCommandOptionChoice.String("daily", "daily"), ApplicationCommandOptionChoice.String("weekdays", "weekdays")],
                    },
                    new()
                    {
                        Type = ApplicationCommandOptionType.String, Name = "like", Description = "Rank new papers by closeness to what members saved from this channel's posts",
                        Choices = [ApplicationCommandOptionChoice.String("saves", "saves"), ApplicationCommandOptionChoice.String("topics (off)", "topics")],
                    },
                ]),
                Subcommand("unsubscribe", "Stop this channel's digest (needs Manage Channels)", []),
                Subcommand("settings", "Show this channel's digest settings", []),
                Subcommand("list", "Digests in this server", []),
                Subcommand("preview", "What the next digest would hold", []),
                Subcommand("now", "Post the digest now (needs Manage Channels)", []),
            ],
        },
    ];

    public IReadOnlyList<string> ComponentPrefixes => [];

    public async Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GuildId is not { } guildId)
        {
            await context.RespondAsync(InteractionReply.Private("Digests belong to server channels: run `/digest` in a channel of your server."), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Every /digest answer is private; a slow command defers the same way.
        context.DeferEphemeral = true;
        var caller = new DigestCaller(guildId, context.ChannelId, context.UserId, context.MemberPermissions);
        var reply = context.Subcommand switch
        {
            "subscribe" => await digest.SubscribeAsync(caller, new DigestSubscribeArgs(
                context.GetString("topics") ?? (context.GetOption("topics") is null ? null : ""),
                context.GetString("time"),
                context.GetString("timezone"),
                context.GetInteger("max"),
                context.GetString("days"),
                context.GetString("like")), cancellationToken).ConfigureAwait(false),
            "unsubscribe" => await digest.UnsubscribeAsync(caller, cancellationToken).ConfigureAwait(false),
            "settings" => await digest.SettingsAsync(caller, cancellationToken).ConfigureAwait(false),
            "list" => await digest.ListAsync(caller, cancellationToken).ConfigureAwait(false),
            "preview" => await digest.PreviewAsync(caller, cancellationToken).ConfigureAwait(false),
            "now" => await digest.NowAsync(caller, cancellationToken).ConfigureAwait(false),
            _ => InteractionReply.Private("That `/digest` subcommand does not exist any more; `/paperbot help` lists the current ones."),
        };
        await context.RespondAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    public async Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Focused?.Name == "timezone")
        {
            var zones = DigestSubscriptionService.AutocompleteTimeZones(context.Focused.GetString());
            await context.AutocompleteAsync(zones.Select(z => ApplicationCommandOptionChoice.String(z, z)), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
