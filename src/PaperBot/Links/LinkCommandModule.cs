using System.Globalization;
using PaperBot.Chat;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Library;
using PaperBot.Papers;

namespace PaperBot.Links;

/// <summary>
/// The message commands (a message's ⋯ › Apps): <c>Paper cards</c> posts a card for each paper the message
/// links, <c>Save papers</c> saves them to the invoker's library; and the Save buttons on link cards.
/// </summary>
public sealed class LinkCommandModule(
    PaperLinkReader reader,
    LinkCardRecorder recorder,
    LibraryStore library,
    PaperStore papers) : ICommandModule
{
    public const string CardsCommand = "Paper cards";
    public const string SaveCommand = "Save papers";

    /// <summary>saved_papers.source of a save by the message command or a link card's button.</summary>
    public const string SaveSource = "message";

    private const int CardAbstractLength = 350;

    public IReadOnlyList<ApplicationCommand> Definitions { get; } =
    [
        new() { Type = ApplicationCommandType.Message, Name = CardsCommand, Contexts = [InteractionContextType.Guild] },
        new() { Type = ApplicationCommandType.Message, Name = SaveCommand, Contexts = [InteractionContextType.Guild] },
    ];

    public IReadOnlyList<string> ComponentPrefixes { get; } = [LinkCards.SavePrefix];

    public Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.TargetMessage
            ?? throw new CommandInputException("Use this on a message: its ⋯ menu › Apps.");
        return context.CommandName == SaveCommand
            ? SavePapersAsync(context, target, cancellationToken)
            : PaperCardsAsync(context, target, cancellationToken);
    }

    public Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var paperId = (context.CustomId ?? "")[LinkCards.SavePrefix.Length..];
        await context.RespondAsync(
            await SaveButtonReply.SaveAsync(papers, library, context, paperId, SaveSource, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task PaperCardsAsync(InteractionContext context, Message target, CancellationToken cancellationToken)
    {
        // Papers the store lacks come from arXiv, which may take longer than Discord's 3 s.
        await context.DeferAsync(ephemeral: false, cancellationToken).ConfigureAwait(false);
        var linked = await reader.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        var found = linked.Found;
        if (found.Count == 0)
        {
            await context.RespondAsync(InteractionReply.Private(LinkCards.Missing(linked.Lookups) ?? PaperLinkReader.NoLinksText), cancellationToken).ConfigureAwait(false);
            return;
        }

        var (embeds, components) = LinkCards.Build(found, CardAbstractLength);
        var notes = new List<string>();
        if (LinkCards.Missing(linked.Lookups) is { } missing)
        {
            notes.Add(missing);
        }

        if (linked.LinkedCount > LinkCards.MaxPapers)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The message links {linked.LinkedCount} papers; these are the first {LinkCards.MaxPapers}."));
        }

        var reply = new InteractionReply { Content = notes.Count == 0 ? null : string.Join('\n', notes), Embeds = embeds, Components = components };
        var messageId = await context.RespondAsync(reply, cancellationToken).ConfigureAwait(false);
        if (messageId is { } id && context.GuildId is { } guild)
        {
            await recorder.RecordAsync(guild, context.ChannelId, id, target.Id, found, context.UserId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SavePapersAsync(InteractionContext context, Message target, CancellationToken cancellationToken)
    {
        await context.DeferAsync(ephemeral: true, cancellationToken).ConfigureAwait(false);
        var linked = await reader.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        if (linked.LinkedCount == 0)
        {
            await context.RespondAsync(InteractionReply.Private(PaperLinkReader.NoLinksText), cancellationToken).ConfigureAwait(false);
            return;
        }

        var saved = new List<string>();
        var already = new List<string>();
        foreach (var paper in linked.Found)
        {
            var line = $"**{DiscordMarkdown.Escape(paper.DisplayTitle)}** (`{paper.Id}`)";
            (await library.SaveAsync(context.UserId, paper.Id, context.GuildId, context.ChannelId, SaveSource, cancellationToken).ConfigureAwait(false) ? saved : already).Add(line);
        }

        var lines = new List<string>();
        if (saved.Count > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Saved {saved.Count} {(saved.Count == 1 ? "paper" : "papers")} to your library:\n") + string.Join('\n', saved.Select(s => "• " + s)));
        }

        if (already.Count > 0)
        {
            lines.Add("Already in your library:\n" + string.Join('\n', already.Select(s => "• " + s)));
        }

        if (LinkCards.Missing(linked.Lookups) is { } missing)
        {
            lines.Add(missing);
        }

        if (linked.LinkedCount > LinkCards.MaxPapers)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"The message links {linked.LinkedCount} papers; I saved from the first {LinkCards.MaxPapers}."));
        }

        lines.Add("`/library list` shows your library.");
        await context.RespondAsync(InteractionReply.Private(string.Join("\n\n", lines)), cancellationToken).ConfigureAwait(false);
    }
}
