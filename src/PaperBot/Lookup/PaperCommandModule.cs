using System.Globalization;
using PaperBot.Chat;
using PaperBot.Discord.Models;
using PaperBot.Ingestion;
using PaperBot.Interactions;
using PaperBot.Library;
using PaperBot.Memory;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Lookup;

/// <summary><c>/paper search|show|latest|related</c>, the ◀ ▶ paging of searches and the save select/button.</summary>
public sealed partial class PaperCommandModule(
    PaperSearch search,
    HybridSearch hybrid,
    PaperNeighbours neighbours,
    PaperStore papers,
    SearchPaging paging,
    LibraryStore library,
    PostedMessageStore postedMessages,
    TimeProvider timeProvider,
    PaperOnDemand onDemand,
    ServerMemory memory) : ICommandModule
{
    public const int PageSize = 5;

    /// <summary>The saved_papers.source of a save by button or select.</summary>
    public const string SaveSource = "button";

    /// <summary>posted_messages.kind of a <c>/paper show</c> card.</summary>
    public const string DetailKind = "paper_detail";

    public const string IdFormsHint =
        "Use an arXiv id such as `2410.03355` (or `2410.03355v2`, `arXiv:2410.03355`, `hep-th/9901001`), a link to arxiv.org or huggingface.co/papers, or the id a paper imported from elsewhere came with (a DOI).";

    public IReadOnlyList<ApplicationCommand> Definitions => [.. PaperCommandDefinitions.All.Where(c => c.Name == "paper")];

    public IReadOnlyList<string> ComponentPrefixes { get; } = [SearchPaging.Prefix, PaperReplies.SavePrefix];

    public Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Subcommand switch
        {
            "search" => SearchAsync(context, cancellationToken),
            "show" => ShowAsync(context, cancellationToken),
            "latest" => LatestAsync(context, cancellationToken),
            "related" => RelatedAsync(context, cancellationToken),
            "discussed" => DiscussedAsync(context, cancellationToken),
            _ => context.RespondAsync(InteractionReply.Private("That `/paper` subcommand does not exist any more; `/paperbot help` lists the current ones."), cancellationToken),
        };
    }

    public async Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var typed = context.Focused?.GetString() ?? "";
        var suggestions = await search.SuggestTitlesAsync(typed, 25, cancellationToken).ConfigureAwait(false);

        // Search completes to the title (a query); show and related complete to the id (what they parse).
        var byId = context.Focused?.Name == "id";
        await context.AutocompleteAsync(
            suggestions.Select(s => ApplicationCommandOptionChoice.String(
                Discord.Limits.DiscordText.Truncate(byId ? $"{s.PaperId} · {s.Title}" : s.Title, 100),
                byId ? s.PaperId : Discord.Limits.DiscordText.Truncate(s.Title, 100).TrimEnd('…'))),
            cancellationToken).ConfigureAwait(false);
    }

    public Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customId = context.CustomId ?? "";
        return customId.StartsWith(SearchPaging.Prefix, StringComparison.Ordinal)
            ? PageAsync(context, customId, cancellationToken)
            : SaveAsync(context, customId, cancellationToken);
    }

    private async Task SearchAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var query = context.RequireString("query");
        var sort = ParseSort(context.GetString("sort"));
        var token = await paging.TokenForAsync(query, cancellationToken).ConfigureAwait(false);
        var reply = await SearchPageAsync(query, sort, 1, token, cancellationToken).ConfigureAwait(false);
        if (reply.Ephemeral)
        {
            await context.RespondAsync(reply, cancellationToken).ConfigureAwait(false);
            return;
        }

        var messageId = await PostListAsync(context, reply, PostedMessageKinds.SearchResults, cancellationToken).ConfigureAwait(false);
        await RememberSearchAsync(context, reply, messageId, cancellationToken).ConfigureAwait(false);
    }

    private async Task PageAsync(InteractionContext context, string customId, CancellationToken cancellationToken)
    {
        if (!SearchPaging.TryParse(customId, out var page, out var sort, out var token)
            || await paging.ResolveAsync(token, cancellationToken).ConfigureAwait(false) is not { } query)
        {
            await context.RespondAsync(InteractionReply.Private("This search expired. Please run `/paper search` again."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var reply = await SearchPageAsync(query, sort, page, token, cancellationToken).ConfigureAwait(false);
        if (reply.Ephemeral)
        {
            await context.RespondAsync(reply, cancellationToken).ConfigureAwait(false);
            return;
        }

        await context.UpdateMessageAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task<InteractionReply> SearchPageAsync(string query, SearchSort sort, int page, string token, CancellationToken cancellationToken)
    {
        var results = await hybrid.SearchAsync(new SearchRequest(query, sort, (page - 1) * PageSize, PageSize), cancellationToken).ConfigureAwait(false);
        if (results.Error is { } error)
        {
            return InteractionReply.Private($"{DiscordMarkdown.Escape(error)} `/paperbot help` shows the query syntax.");
        }

        if (results.Hits.Count == 0)
        {
            return InteractionReply.Private(page == 1
                ? $"No papers match {DiscordMarkdown.Code(query)}. Try fewer or broader words; `/paperbot help` shows the query syntax."
                : "There are no more results for this search.");
        }

        var first = ((page - 1) * PageSize) + 1;
        var entries = results.Hits.Select((h, i) => new PaperListEntry(first + i, h.Paper, PaperReplies.Snippet(h))).ToList();
        var pages = (int)Math.Max(1, (results.TotalCount + PageSize - 1) / PageSize);
        var hasNext = results.Hits.Count == PageSize && page < pages;
        var total = results.TotalCountIsEstimate
            ? string.Create(CultureInfo.InvariantCulture, $"about {results.TotalCount:N0}")
            : results.TotalCount.ToString("N0", CultureInfo.InvariantCulture);
        var note = (results.NoPaperHasEveryWord ? "No paper has every word: closest by meaning and by some of the words · " : "")
            + (results.SortIsPartial ? "Partial: sorted among the most recently stored matches only (add words or widen the filters) · " : "");
        var footer = note + string.Create(CultureInfo.InvariantCulture, $"Page {page:N0} of {(results.TotalCountIsEstimate ? "about " : "")}{pages:N0} · {total} {(results.TotalCount == 1 && !results.TotalCountIsEstimate ? "result" : "results")} · sorted by {results.SortedBy.ToString().ToLowerInvariant()}");
        var navigation = MessageComponent.ActionRow(
            MessageComponent.Button(ButtonStyle.Secondary, "◀ Prev", SearchPaging.CustomId(Math.Max(1, page - 1), sort, token), disabled: page == 1),
            MessageComponent.Button(ButtonStyle.Secondary, "Next ▶", SearchPaging.CustomId(page + 1, sort, token), disabled: !hasNext));
        var heading = Discord.Limits.DiscordText.Truncate($"Papers matching “{query}”", 256);
        return PaperReplies.List(heading, entries, footer, navigation);
    }

    private async Task ShowAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var paper = await RequirePaperAsync(context, cancellationToken).ConfigureAwait(false);
        if (paper is null)
        {
            return;
        }

        // RequirePaperAsync has parsed the id already; the version asked for only adds a note.
        ArxivId.TryParse(context.RequireString("id"), out var asked);
        var reply = PaperReplies.Detail(paper) with { Content = paper.VersionNote(asked.Version, url => $"<{url}>") };
        reply = await WithServerMemoryAsync(context, paper, reply, cancellationToken).ConfigureAwait(false);
        var messageId = await context.PostAsync(reply, cancellationToken).ConfigureAwait(false);
        if (messageId is { } id)
        {
            await RememberCardAsync(context, paper, id, cancellationToken).ConfigureAwait(false);
            await postedMessages.RecordAsync(
                new PostedMessage
                {
                    ChannelId = context.ChannelId,
                    MessageId = id,
                    GuildId = context.GuildId,
                    PaperId = paper.Id,
                    Kind = DetailKind,
                    PostedAt = timeProvider.GetUtcNow(),
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task LatestAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var count = (int)context.GetInteger("count", 5, 1, 10);
        var topic = context.GetString("topic");
        IReadOnlyList<Paper> found;
        if (topic is null)
        {
            found = await papers.GetNewestAsync(count, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var results = await hybrid.SearchAsync(new SearchRequest(topic, SearchSort.Newest, 0, count), cancellationToken).ConfigureAwait(false);
            if (results.Error is { } error)
            {
                throw new CommandInputException($"{DiscordMarkdown.Escape(error)} `/paperbot help` shows the query syntax.");
            }

            found = [.. results.Hits.Select(h => h.Paper)];
        }

        if (found.Count == 0)
        {
            await context.RespondAsync(
                InteractionReply.Private(topic is null ? "The paper store is empty." : $"No papers match {DiscordMarkdown.Code(topic)}."),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var heading = topic is null ? "Newest papers" : Discord.Limits.DiscordText.Truncate($"Newest papers on “{topic}”", 256);
        var reply = PaperReplies.List(heading, [.. found.Select((p, i) => new PaperListEntry(i + 1, p))], footer: null);
        await PostListAsync(context, reply, PostedMessageKinds.SearchResults, cancellationToken).ConfigureAwait(false);
    }

    private async Task RelatedAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var paper = await RequirePaperAsync(context, cancellationToken).ConfigureAwait(false);
        if (paper is null)
        {
            return;
        }

        var related = await neighbours.RelatedAsync(paper.Id, PageSize, cancellationToken).ConfigureAwait(false);
        if (related.Count == 0)
        {
            await context.RespondAsync(InteractionReply.Private($"I found no papers related to `{paper.Id}` in my store."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var heading = Discord.Limits.DiscordText.Truncate($"Related to “{paper.DisplayTitle}”", 256);
        var reply = PaperReplies.List(heading, [.. related.Select((h, i) => new PaperListEntry(i + 1, h.Paper, PaperReplies.Snippet(h)))], footer: $"Papers close in meaning to {PaperId.Label(paper.Id)} or sharing its key terms");
        await PostListAsync(context, reply, PostedMessageKinds.SearchResults, cancellationToken).ConfigureAwait(false);
    }

    private async Task SaveAsync(InteractionContext context, string customId, CancellationToken cancellationToken)
    {
        var paperId = customId.StartsWith(PaperReplies.SavePrefix + ":", StringComparison.Ordinal)
            ? customId[(PaperReplies.SavePrefix.Length + 1)..]
            : context.Values.FirstOrDefault();
        await context.RespondAsync(
            await SaveButtonReply.SaveAsync(papers, library, context, paperId, SaveSource, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Posts a public list and records which paper sits at which number, for saving by keycap reaction; returns
    /// the message id (null when Discord did not say it).
    /// </summary>
    private async Task<ulong?> PostListAsync(InteractionContext context, InteractionReply reply, string kind, CancellationToken cancellationToken)
    {
        // The reaction saves need the message's id: the answer asks Discord for it.
        var messageId = await context.PostAsync(reply, cancellationToken).ConfigureAwait(false);
        if (messageId is not { } id)
        {
            return null;
        }

        var select = reply.Components.SelectMany(r => r.Components ?? []).FirstOrDefault(c => c.CustomId == PaperReplies.SavePrefix);
        var entries = (select?.Options ?? [])
            .Select((o, i) => new PostedMessagePaper(i + 1, o.Value))
            .ToList();
        await postedMessages.RecordAsync(
            new PostedMessage
            {
                ChannelId = context.ChannelId,
                MessageId = id,
                GuildId = context.GuildId,
                PaperId = entries.Count == 1 ? entries[0].PaperId : null,
                Kind = kind,
                PostedAt = timeProvider.GetUtcNow(),
                Papers = entries,
            },
            cancellationToken).ConfigureAwait(false);
        return id;
    }

    private static SearchSort ParseSort(string? text) => text?.ToLowerInvariant() switch
    {
        null or "relevance" => SearchSort.Relevance,
        "newest" => SearchSort.Newest,
        "upvotes" => SearchSort.Upvotes,
        _ => throw new CommandInputException($"`sort` must be `relevance`, `newest` or `upvotes`, not {DiscordMarkdown.Code(Discord.Limits.DiscordText.Truncate(text, 40))}."),
    };
}
