using PaperBot.Papers;
using PaperBot.Papers.Search;

namespace PaperBot.Library;

/// <summary>A recommended paper and the saved paper it is most like.</summary>
public sealed record Recommendation(Paper Paper, Paper BecauseOf)
{
    public string Reason => $"because you saved {BecauseOf.Title}";
}

/// <summary>
/// Papers like the ones a user saved, never one they already saved. The ranking is the search's
/// "similar to" scorer; the reason picks the saved paper sharing the most words with the recommendation.
/// </summary>
public sealed class LibraryRecommender(LibraryStore library, PaperStore papers, PaperSearch search)
{
    public async Task<IReadOnlyList<Recommendation>> RecommendAsync(ulong userId, int limit, CancellationToken cancellationToken)
    {
        var saved = await library.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        if (saved.Count == 0)
        {
            return [];
        }

        var ids = saved.Select(s => s.PaperId).ToArray();
        var hits = await search.SimilarToAsync(ids, ids, limit, cancellationToken).ConfigureAwait(false);
        if (hits.Count == 0)
        {
            return [];
        }

        var savedPapers = await papers.GetManyAsync(ids, cancellationToken).ConfigureAwait(false);
        var savedWords = savedPapers.Select(p => (Paper: p, Words: Words(p))).ToArray();
        var results = new List<Recommendation>(hits.Count);
        foreach (var hit in hits)
        {
            var words = Words(hit.Paper);
            var best = savedWords.MaxBy(s => s.Words.Count(words.Contains));
            results.Add(new Recommendation(hit.Paper, best.Paper));
        }

        return results;
    }

    private static HashSet<string> Words(Paper paper) =>
        new(
            (paper.Title + " " + paper.Abstract)
                .ToUpperInvariant()
                .Split((char[])[' ', ',', '.', ':', ';', '(', ')', '-', '\n', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length > 3),
            StringComparer.Ordinal);
}
