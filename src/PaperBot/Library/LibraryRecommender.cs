using PaperBot.Papers;
using PaperBot.Papers.Search;

namespace PaperBot.Library;

/// <summary>A recommended paper and the saved paper it is most like.</summary>
public sealed record Recommendation(Paper Paper, Paper BecauseOf, double Score)
{
    public string Reason => $"because you saved {BecauseOf.Title}";
}

/// <summary>
/// Papers like the ones a user saved, never one they already saved. The search's "similar to" scorer finds
/// candidates from titles and abstracts; they are then re-ranked by the title words they share with the
/// saved titles, weighted by how many saved titles use the word and how rare it is in the store.
/// Titles name what a paper is about ("speculative decoding"), while abstracts share the field's boilerplate
/// ("autoregressive image generation"), so the library's common theme wins over its common background.
/// </summary>
public sealed class LibraryRecommender(LibraryStore library, PaperStore papers, PaperSearch search)
{
    private const int MinCandidates = 40;

    private const int MaxLookups = 32;

    // Candidate rank still counts, so papers with no shared title word keep the search's order.
    private const double RankWeight = 0.5;

    public async Task<IReadOnlyList<Recommendation>> RecommendAsync(ulong userId, int limit, CancellationToken cancellationToken)
    {
        var saved = await library.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        if (saved.Count == 0)
        {
            return [];
        }

        var ids = saved.Select(s => s.PaperId).ToArray();
        var hits = await search.SimilarToAsync(ids, ids, Math.Max(limit * 4, MinCandidates), cancellationToken).ConfigureAwait(false);
        if (hits.Count == 0)
        {
            return [];
        }

        var savedPapers = (await papers.GetManyAsync(ids, cancellationToken).ConfigureAwait(false))
            .Select(p => (Paper: p, Words: TitleWords(p.Title))).ToArray();
        var candidates = hits.Select(h => (h.Paper, Words: TitleWords(h.Paper.Title))).ToArray();

        // Rarity across the whole store: within a small candidate set every word looks common.
        var corpusSize = await papers.CountAsync(cancellationToken).ConfigureAwait(false);
        var documentFrequency = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var word in savedPapers.SelectMany(s => s.Words).Distinct(StringComparer.Ordinal).Take(MaxLookups))
        {
            var found = await search.SearchAsync(new SearchRequest(word, Limit: 1), cancellationToken).ConfigureAwait(false);
            documentFrequency[word] = found.Error is null ? found.TotalCount : corpusSize;
        }

        double Weight(string word) => documentFrequency.TryGetValue(word, out var df)
            ? savedPapers.Count(s => s.Words.Contains(word)) * Math.Log((corpusSize + 1.0) / (df + 0.5))
            : 0;

        var ranked = candidates
            .Select((c, rank) =>
            {
                var score = c.Words.Sum(Weight) + (RankWeight * (1 - ((double)rank / candidates.Length)));
                var because = savedPapers.MaxBy(s => s.Words.Where(c.Words.Contains).Sum(Weight)).Paper;
                return new Recommendation(c.Paper, because, score);
            })
            .OrderByDescending(r => r.Score)
            .Take(limit);
        return [.. ranked];
    }

    /// <summary>Distinct title words of four letters or more, lowercased, hyphens closed up ("auto-regressive" = "autoregressive").</summary>
    internal static HashSet<string> TitleWords(string title) =>
        new(
            title.Replace("-", "", StringComparison.Ordinal)
                .ToLowerInvariant()
                .Split((char[])[' ', ',', '.', ':', ';', '(', ')', '\n', '"', '\'', '/', '?', '!'], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length > 3),
            StringComparer.Ordinal);
}
