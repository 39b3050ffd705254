using PaperBot.Papers;
using PaperBot.Papers.Search;

namespace PaperBot.Digest;

/// <summary>
/// A channel's topics: a query in PaperBot's search language (<see cref="SearchQuery"/>), run by the search
/// itself over the papers first seen since an instant.
/// </summary>
public sealed class DigestTopics(PaperSearch search, TimeProvider timeProvider)
{
    /// <summary>Null when <paramref name="query"/> is a valid search; otherwise the search's message saying why not.</summary>
    public string? Validate(string query) =>
        SearchQuery.Parse(query, timeProvider) is { Query: not null } ? null : SearchQuery.Parse(query, timeProvider).Error ?? "nothing to search for";

    /// <summary>Matching papers first seen at or after <paramref name="since"/>, with a relevance in [0, 1] (1 = best).</summary>
    public async Task<List<(Paper Paper, double Relevance)>> FindAsync(string query, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        if (SearchQuery.Parse(query, timeProvider).Query is not { } parsed)
        {
            // Stored topics were valid when saved; a parser change that rejects them now matches nothing rather than everything.
            return [];
        }

        var found = await search.MatchNewSinceAsync(parsed, since, limit, cancellationToken).ConfigureAwait(false);
        var best = found.Count == 0 ? 0 : found.Max(f => f.Score);
        return [.. found.Select(f => (f.Paper, best > 0 ? f.Score / best : 0.0))];
    }
}
