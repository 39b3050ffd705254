using PaperBot.Interactions;
using PaperBot.Discord.Models;
using static PaperBot.Interactions.SlashCommandOptions;

namespace PaperBot.Library;

/// <summary><c>/library</c> and its buttons: maps options to <see cref="LibraryService"/> and sends its answer.</summary>
public sealed class LibraryCommandModule(LibraryService library, QueryTokens paging) : ICommandModule
{
    public IReadOnlyList<ApplicationCommand> Definitions { get; } =
    [
        new ApplicationCommand
        {
            Name = "library",
            Description = "Your saved papers",
            Contexts = [InteractionContextType.Guild, InteractionContextType.BotDm],
            Options =
            [
                Subcommand("list", "Your saved papers",
                [
                    new() { Type = ApplicationCommandOptionType.String, Name = "query", Description = "Only saved papers matching this search", MaxLength = 300 },
                    new() { Type = ApplicationCommandOptionType.Integer, Name = "page", Description = "Page number", MinValue = 1, MaxValue = 1000 },
                ]),
                Subcommand("remove", "Remove a paper from your library",
                [
                    new() { Type = ApplicationCommandOptionType.String, Name = "id", Description = "arXiv id or link", Required = true, MaxLength = 300 },
                ]),
                Subcommand("export", "Download your library",
                [
                    new()
                    {
                        Type = ApplicationCommandOptionType.String, Name = "format", Description = "File format", Required = true,
                        Choices =
                        [
                            ApplicationCommandOptionChoice.String("bibtex", "bibtex"),
                            ApplicationCommandOptionChoice.String("markdown", "markdown"),
                            ApplicationCommandOptionChoice.String("csv", "csv"),
                            ApplicationCommandOptionChoice.String("jsonl", "jsonl"),
                        ],
                    },
                ]),
                Subcommand("recommend", "Papers like the ones you saved",
                [
                    new() { Type = ApplicationCommandOptionType.Integer, Name = "count", Description = "How many (1-10, default 5)", MinValue = 1, MaxValue = 10 },
                ]),
                Subcommand("top", "Most saved papers in this server",
                [
                    new() { Type = ApplicationCommandOptionType.Integer, Name = "days", Description = "Over the last N days (default 7)", MinValue = 1, MaxValue = 365 },
                ]),
                Subcommand("channel", "Papers saved from this channel's posts", []),
                Subcommand("forget-me", "Delete everything PaperBot stores about you", []),
            ],
        },
    ];

    public IReadOnlyList<string> ComponentPrefixes { get; } = [LibraryCustomIds.ListPrefix, LibraryCustomIds.ForgetPrefix];

    public async Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.DeferEphemeral = context.Subcommand is not ("top" or "channel");
        var user = context.UserId;
        var reply = context.Subcommand switch
        {
            "list" => await ListAsync(user, context.GetString("query"), (int)context.GetInteger("page", 1, 1, 1000), cancellationToken).ConfigureAwait(false),
            "remove" => await library.RemoveAsync(user, context.RequireString("id"), cancellationToken).ConfigureAwait(false),
            "export" => await library.ExportAsync(user, ParseFormat(context.RequireString("format")), cancellationToken).ConfigureAwait(false),
            "recommend" => await library.RecommendAsync(user, (int)context.GetInteger("count", 5, 1, 10), cancellationToken).ConfigureAwait(false),
            "top" => await library.TopAsync(context.GuildId, (int)context.GetInteger("days", 7, 1, 365), cancellationToken).ConfigureAwait(false),
            "channel" => await library.ChannelAsync(context.ChannelId, cancellationToken).ConfigureAwait(false),
            "forget-me" => LibraryService.ForgetMeRequest(user),
            _ => InteractionReply.Private("That `/library` subcommand does not exist any more; `/paperbot help` lists the current ones."),
        };
        await context.RespondAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    public Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customId = context.CustomId ?? "";
        if (LibraryCustomIds.TryParseList(customId, out var owner, out var page, out var token))
        {
            if (owner != context.UserId)
            {
                await context.RespondAsync(InteractionReply.Private("This list belongs to someone else; run `/library list` for yours."), cancellationToken).ConfigureAwait(false);
                return;
            }

            var query = token.Length == 0 ? null : await paging.ResolveAsync(token, cancellationToken).ConfigureAwait(false);
            if (token.Length > 0 && query is null)
            {
                await context.RespondAsync(InteractionReply.Private("This filtered list has expired: run `/library list query:` again."), cancellationToken).ConfigureAwait(false);
                return;
            }

            var listed = await library.ListAsync(owner, query, page, token, cancellationToken).ConfigureAwait(false);
            await context.UpdateMessageAsync(listed, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (customId.StartsWith(LibraryCustomIds.ForgetPrefix, StringComparison.Ordinal))
        {
            var confirmed = await library.ForgetMeConfirmAsync(customId, context.UserId, cancellationToken).ConfigureAwait(false);
            if (LibraryCustomIds.TryParseForget(customId, out var forUser) && forUser == context.UserId)
            {
                await context.UpdateMessageAsync(confirmed, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await context.RespondAsync(confirmed with { Ephemeral = true }, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await context.RespondAsync(InteractionReply.Private(InteractionDispatcher.StaleComponentMessage), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A first list page: a query too long to travel in the buttons' custom_id is kept behind a handle.</summary>
    private async Task<InteractionReply> ListAsync(ulong user, string? query, int page, CancellationToken cancellationToken)
    {
        var token = string.IsNullOrWhiteSpace(query) ? "" : await paging.TokenForAsync(query, LibraryCustomIds.ListOverhead, cancellationToken).ConfigureAwait(false);
        return await library.ListAsync(user, query, page, token, cancellationToken).ConfigureAwait(false);
    }

    private static LibraryExportFormat ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "bibtex" or "bib" => LibraryExportFormat.BibTex,
        "markdown" or "md" => LibraryExportFormat.Markdown,
        "csv" => LibraryExportFormat.Csv,
        "jsonl" or "json" => LibraryExportFormat.Jsonl,
        _ => throw new CommandInputException("`format` must be `bibtex`, `markdown`, `csv` or `jsonl`."),
    };
}
