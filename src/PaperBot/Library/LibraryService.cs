using System.Globalization;
using System.Text;
using PaperBot.Chat;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Papers;
using PaperBot.Papers.Search;

namespace PaperBot.Library;

/// <summary>
/// A user's library and a server's saves as <c>/library</c> shows them: plain arguments in, a reply out (the
/// interaction module maps options to arguments). A user's library is always answered ephemerally.
/// </summary>
public sealed class LibraryService(
    LibraryStore library,
    PaperStore papers,
    PaperSearch search,
    LibraryRecommender recommender,
    LibraryForgetter forgetter,
    TimeProvider timeProvider)
{
    public const int PageSize = 10;
    private const int ContentLimit = 2000;

    /// <summary>A list page whose buttons carry a short query itself (tests, and queries known to fit).</summary>
    public Task<InteractionReply> ListAsync(ulong userId, string? query, int page, CancellationToken cancellationToken) =>
        ListAsync(userId, query, page, string.IsNullOrWhiteSpace(query) ? "" : "q:" + query, cancellationToken);

    /// <summary>A list page; its ◀ ▶ buttons carry <paramref name="queryToken"/>, which stands for the query.</summary>
    public async Task<InteractionReply> ListAsync(ulong userId, string? query, int page, string queryToken, CancellationToken cancellationToken)
    {
        var saved = await library.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        if (saved.Count == 0)
        {
            return InteractionReply.Private("Your library is empty. React with 🔖 on a paper the bot posted to save it.");
        }

        IReadOnlyList<string> ids = [.. saved.Select(s => s.PaperId)];
        var heading = $"**Your library** ({ids.Count} paper{(ids.Count == 1 ? "" : "s")}";
        if (!string.IsNullOrWhiteSpace(query))
        {
            var (matched, error) = await search.MatchAmongAsync(query, ids, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return InteractionReply.Private(error);
            }

            if (matched.Count == 0)
            {
                return InteractionReply.Private($"No saved paper matches {Escape(query)}.");
            }

            heading = $"**Your library**, matching {Escape(query)} ({matched.Count} of {ids.Count} paper{(ids.Count == 1 ? "" : "s")}";
            ids = matched;
        }

        var pages = (ids.Count + PageSize - 1) / PageSize;
        page = Math.Clamp(page, 1, pages);
        var pageIds = ids.Skip((page - 1) * PageSize).Take(PageSize).ToArray();
        var found = (await papers.GetManyAsync(pageIds, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{heading}, page {page}/{pages})\n");
        var number = (page - 1) * PageSize;
        foreach (var id in pageIds)
        {
            number++;
            var title = found.TryGetValue(id, out var paper) ? paper.DisplayTitle : "(no longer stored)";
            text.Append(CultureInfo.InvariantCulture, $"{number}. {Escape(title)} — `{id}`\n");
        }

        // Both buttons whenever there is more than one page, the one that leads nowhere disabled, as search pages.
        IReadOnlyList<MessageComponent> buttons = pages > 1
            ?
            [
                MessageComponent.ActionRow(
                    MessageComponent.Button(ButtonStyle.Secondary, "◀ Prev", LibraryCustomIds.List(userId, Math.Max(1, page - 1), queryToken), disabled: page == 1),
                    MessageComponent.Button(ButtonStyle.Secondary, "Next ▶", LibraryCustomIds.List(userId, Math.Min(pages, page + 1), queryToken), disabled: page == pages)),
            ]
            : [];

        return InteractionReply.Private(Truncate(text.ToString())) with { Components = buttons };
    }

    public async Task<InteractionReply> RemoveAsync(ulong userId, string id, CancellationToken cancellationToken)
    {
        var paperId = PaperStore.NormalizeId(id);
        return await library.RemoveAsync(userId, paperId, cancellationToken).ConfigureAwait(false)
            ? InteractionReply.Private($"Removed `{paperId}` from your library.")
            : InteractionReply.Private($"{DiscordMarkdown.Code(paperId)} is not in your library.");
    }

    public async Task<InteractionReply> ExportAsync(ulong userId, LibraryExportFormat format, CancellationToken cancellationToken)
    {
        var saved = await library.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        if (saved.Count == 0)
        {
            return InteractionReply.Private("Your library is empty: nothing to export.");
        }

        var found = (await papers.GetManyAsync([.. saved.Select(s => s.PaperId)], cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var ordered = saved.Where(s => found.ContainsKey(s.PaperId)).Select(s => found[s.PaperId]).ToArray();
        var file = LibraryExport.Create(format, ordered);
        return InteractionReply.Private($"Your library: {ordered.Length} paper{(ordered.Length == 1 ? "" : "s")} as {file.FileName}.")
            with { Files = [new DiscordFile(file.FileName, file.ToBytes(), file.ContentType)] };
    }

    public async Task<InteractionReply> RecommendAsync(ulong userId, int limit, CancellationToken cancellationToken)
    {
        var recommendations = await recommender.RecommendAsync(userId, Math.Clamp(limit, 1, 10), cancellationToken).ConfigureAwait(false);
        if (recommendations.Count == 0)
        {
            return InteractionReply.Private("Save a few papers first (react with 🔖), then I can recommend similar ones.");
        }

        var text = new StringBuilder("**Recommended for you**\n");
        var number = 0;
        foreach (var r in recommendations)
        {
            number++;
            text.Append(CultureInfo.InvariantCulture, $"{number}. {Escape(r.Paper.DisplayTitle)} — `{r.Paper.Id}`\n   _{Escape(r.Reason)}_\n");
        }

        return InteractionReply.Private(Truncate(text.ToString()));
    }

    public async Task<InteractionReply> TopAsync(ulong? guildId, int days, CancellationToken cancellationToken)
    {
        if (guildId is not { } guild)
        {
            return InteractionReply.Private("`/library top` works in a server.");
        }

        days = Math.Clamp(days, 1, 365);
        var top = await library.TopInGuildAsync(guild, timeProvider.GetUtcNow().AddDays(-days), PageSize, cancellationToken).ConfigureAwait(false);
        return await CountsReplyAsync(top, $"**Most saved in this server, last {days} day{(days == 1 ? "" : "s")}**\n", "Nobody here saved a paper in that period.", cancellationToken).ConfigureAwait(false);
    }

    public async Task<InteractionReply> ChannelAsync(ulong channelId, CancellationToken cancellationToken)
    {
        var saved = await library.SavedFromChannelAsync(channelId, PageSize, cancellationToken).ConfigureAwait(false);
        return await CountsReplyAsync(saved, "**Saved from this channel's posts**\n", "No paper was saved from this channel yet.", cancellationToken).ConfigureAwait(false);
    }

    public static InteractionReply ForgetMeRequest(ulong userId) =>
        InteractionReply.Private("This deletes everything PaperBot stores about you (your library and any other record with your id). It cannot be undone.")
            with { Components = [MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Danger, "Delete my data", LibraryCustomIds.Forget(userId)))] };

    /// <summary>The confirmation button; refused unless pressed by the user it was made for.</summary>
    public async Task<InteractionReply> ForgetMeConfirmAsync(string customId, ulong pressedBy, CancellationToken cancellationToken)
    {
        if (!LibraryCustomIds.TryParseForget(customId, out var userId) || userId != pressedBy)
        {
            return InteractionReply.Private("Only the person who asked can confirm this.");
        }

        var report = await forgetter.ForgetAsync(userId, cancellationToken).ConfigureAwait(false);
        if (report.Total == 0)
        {
            return InteractionReply.Private("PaperBot stored nothing about you.");
        }

        // Counted in the user's words: saves by name, whatever else refers to them as records.
        var saved = report.DeletedRows.GetValueOrDefault("saved_papers");
        var other = report.Total - saved;
        var parts = new List<string>();
        if (saved > 0)
        {
            parts.Add(saved == 1 ? "1 saved paper" : $"{saved} saved papers");
        }

        if (other > 0)
        {
            parts.Add(other == 1 ? "1 other record" : $"{other} other records");
        }

        return InteractionReply.Private($"Deleted everything PaperBot stored about you: {string.Join(" and ", parts)}.");
    }

    private async Task<InteractionReply> CountsReplyAsync(IReadOnlyList<PaperSaveCount> counts, string heading, string empty, CancellationToken cancellationToken)
    {
        if (counts.Count == 0)
        {
            return InteractionReply.Text(empty);
        }

        var found = (await papers.GetManyAsync([.. counts.Select(c => c.PaperId)], cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var text = new StringBuilder(heading);
        var number = 0;
        foreach (var c in counts)
        {
            number++;
            var title = found.TryGetValue(c.PaperId, out var paper) ? paper.DisplayTitle : c.PaperId;
            text.Append(CultureInfo.InvariantCulture, $"{number}. {Escape(title)} — `{c.PaperId}` · {c.Count} save{(c.Count == 1 ? "" : "s")}\n");
        }

        return InteractionReply.Text(Truncate(text.ToString()));
    }

    // A title or query stays on its line of the list.
    private static string Escape(string text) => DiscordMarkdown.Escape(text.Replace('\n', ' ').Replace('\r', ' '));

    private static string Truncate(string text) => text.Length <= ContentLimit ? text : text[..(ContentLimit - 1)] + "…";
}
