using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Discord;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Models;
using PaperBot.Ingestion;
using PaperBot.Interactions;
using PaperBot.Memory;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;

namespace PaperBot.Lookup;

/// <summary><c>/paperbot help</c> (built from the registered commands, so it lists every feature's) and <c>/paperbot status</c>.</summary>
public sealed partial class PaperBotCommandModule(
    CommandCatalog catalog,
    PaperStore papers,
    IngestionStatus ingestion,
    SemanticCoverage coverage,
    BotUptime uptime,
    LinkCardChannels linkChannels,
    IOptions<DiscordOptions> discordOptions,
    GatewayShardSet? gateway = null) : ICommandModule
{
    public const string QuerySyntax = """
        **Search syntax**
        `speculative decoding` all words · `"exact phrase"` · `-video` leave out · `agent OR tool` either
        `transf*` prefix · `author:leviathan` · `cat:cs.CL` · `since:2024-01-01` or `since:7d` · `before:2025-01-01`
        """;

    public IReadOnlyList<ApplicationCommand> Definitions => [.. PaperCommandDefinitions.All.Where(c => c.Name == "paperbot")];

    public IReadOnlyList<string> ComponentPrefixes => [];

    public static string Version =>
        typeof(PaperBotCommandModule).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    public Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.DeferEphemeral = true;
        return context.Subcommand switch
        {
            "status" => StatusAsync(context, cancellationToken),
            "on" or "off" when context.Group == "links" => LinksAsync(context, context.Subcommand == "on", cancellationToken),
            _ => context.RespondAsync(Help(), cancellationToken),
        };
    }

    public Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private InteractionReply Help()
    {
        var text = new StringBuilder();
        text.Append("**PaperBot** finds papers in its store (arXiv, Hugging Face Daily Papers), posts daily digests and keeps your library (🔖 on a paper, or the save menu).\n\n**Commands** (⚙ needs Manage Channels)\n");
        var messageCommands = catalog.Definitions.Where(c => c.Type == ApplicationCommandType.Message).Select(c => $"**{c.Name}**").ToList();
        if (messageCommands.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{string.Join(", ", messageCommands)}: on any message, its ⋯ menu › Apps\n");
        }

        foreach (var command in catalog.Definitions)
        {
            if (command.Type == ApplicationCommandType.Message)
            {
                continue;
            }

            var subcommands = (command.Options ?? []).Where(o => o.Type == ApplicationCommandOptionType.SubCommand).ToList();
            if (subcommands.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"`/{command.Name}` {Short(command.Description)}\n");
            }

            foreach (var sub in subcommands)
            {
                text.Append(CultureInfo.InvariantCulture, $"`/{command.Name} {sub.Name}` {Short(sub.Description)}\n");
            }

            foreach (var group in (command.Options ?? []).Where(o => o.Type == ApplicationCommandOptionType.SubCommandGroup))
            {
                var names = string.Join("|", (group.Options ?? []).Select(o => o.Name));
                text.Append(CultureInfo.InvariantCulture, $"`/{command.Name} {group.Name} {names}` {Short(group.Description)}\n");
            }
        }

        text.Append('\n').Append(QuerySyntax);
        return InteractionReply.Private(text.ToString());
    }

    /// <summary>Help names the permission once, in its heading, so the whole text fits one Discord message.</summary>
    private static string Short(string description) =>
        description.Replace(" (needs Manage Channels)", " ⚙", StringComparison.Ordinal);

    private async Task StatusAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var count = await papers.CountAsync(cancellationToken).ConfigureAwait(false);
        var newest = (await papers.GetNewestAsync(1, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        var fields = new List<EmbedField>
        {
            new() { Name = "Papers in store", Value = count.ToString("N0", CultureInfo.InvariantCulture), Inline = true },
            new() { Name = "Version", Value = Version, Inline = true },
            new() { Name = "Uptime", Value = FormatSpan(uptime.Elapsed), Inline = true },
        };
        if (gateway is not null)
        {
            // The shell has no gateway; a bot process names its own shards, not the fleet's.
            fields.Add(new() { Name = "Gateway", Value = gateway.Describe(), Inline = true });
        }

        fields.AddRange(
        [
            new()
            {
                Name = "Newest paper",
                Value = newest is null ? "none yet" : $"{PaperFormat.Link(newest.DisplayTitle, newest.AbsUrl)} ({PaperFormat.Date(newest)})",
            },
        ]);
        var ingests = new StringBuilder();
        foreach (var source in await ingestion.GetAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = source.LastResult;
            // The stored value is a round-trip timestamp; Discord shows <t:…> in the reader's own time zone.
            var when = source.LastRunText is null ? "never"
                : source.LastRun is { } at
                    ? string.Create(CultureInfo.InvariantCulture, $"<t:{at.ToUnixTimeSeconds()}:f>")
                    : DiscordMarkdown.Escape(source.LastRunText);
            ingests.Append(CultureInfo.InvariantCulture, $"{source.Source}: {when}");
            if (!string.IsNullOrEmpty(result))
            {
                ingests.Append(" · ").Append(DiscordMarkdown.Escape(result));
            }

            ingests.Append('\n');
        }

        fields.Add(new() { Name = "Last ingest", Value = ingests.ToString().TrimEnd() });
        fields.Add(new() { Name = "Search by meaning", Value = await coverage.DescribeAsync(cancellationToken).ConfigureAwait(false) });
        var embed = new Embed { Title = "PaperBot status", Fields = fields, Color = 0x5865F2 };
        await context.RespondAsync(new InteractionReply { Embeds = [embed], Ephemeral = true }, cancellationToken).ConfigureAwait(false);
    }

    private static string FormatSpan(TimeSpan span) => span.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h {span.Minutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h {span.Minutes} min {span.Seconds} s");
}
