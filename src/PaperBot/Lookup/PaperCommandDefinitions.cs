using PaperBot.Discord.Models;
using static PaperBot.Interactions.SlashCommandOptions;

namespace PaperBot.Lookup;

/// <summary>The definitions of <c>/paper</c> and <c>/paperbot</c> as registered with Discord.</summary>
public static class PaperCommandDefinitions
{
    private static readonly IReadOnlyList<InteractionContextType> Everywhere = [InteractionContextType.Guild, InteractionContextType.BotDm];

    public static IReadOnlyList<ApplicationCommand> All { get; } =
    [
        new ApplicationCommand
        {
            Name = "paper",
            Description = "Search and show research papers",
            Contexts = Everywhere,
            Options =
            [
                Subcommand("search", "Search papers by words, phrases, authors, categories and dates",
                [
                    new() { Type = ApplicationCommandOptionType.String, Name = "query", Description = "What to look for, e.g. speculative decoding author:leviathan", Required = true, Autocomplete = true, MaxLength = 300 },
                    new()
                    {
                        Type = ApplicationCommandOptionType.String, Name = "sort", Description = "Order of the results (default: relevance)",
                        Choices =
                        [
                            ApplicationCommandOptionChoice.String("relevance", "relevance"),
                            ApplicationCommandOptionChoice.String("newest", "newest"),
                            ApplicationCommandOptionChoice.String("upvotes", "upvotes"),
                        ],
                    },
                ]),
                Subcommand("show", "Show one paper in detail",
                [
                    new() { Type = ApplicationCommandOptionType.String, Name = "id", Description = "arXiv id or link, e.g. 2410.03355", Required = true, Autocomplete = true, MaxLength = 300 },
                ]),
                Subcommand("latest", "The newest papers, optionally on a topic",
                [
                    new() { Type = ApplicationCommandOptionType.Integer, Name = "count", Description = "How many (1-10, default 5)", MinValue = 1, MaxValue = 10 },
                    new() { Type = ApplicationCommandOptionType.String, Name = "topic", Description = "Only papers matching this search", MaxLength = 300 },
                ]),
                Subcommand("related", "Papers related to one paper",
                [
                    new() { Type = ApplicationCommandOptionType.String, Name = "id", Description = "arXiv id or link, e.g. 2410.03355", Required = true, Autocomplete = true, MaxLength = 300 },
                ]),
                PaperMemoryCommands.Discussed,
            ],
        },
        new ApplicationCommand
        {
            Name = "paperbot",
            Description = "About PaperBot",
            Contexts = Everywhere,
            Options =
            [
                Subcommand("help", "What PaperBot does, its commands and the search syntax", []),
                Subcommand("status", "Papers in store, last ingest, version and uptime", []),
                PaperMemoryCommands.Links,
            ],
        },
    ];
}
