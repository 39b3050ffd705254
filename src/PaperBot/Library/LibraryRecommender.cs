using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Library;

/// <summary>A recommended paper and the saved paper it is most like (closest in meaning when <paramref name="ByMeaning"/>).</summary>
public sealed record Recommendation(Paper Paper, Paper BecauseOf, double Score, bool ByMeaning = false)
{
    public string Reason => ByMeaning ? $"close to {BecauseOf.Title}" : $"because you saved {BecauseOf.Title}";
}

/// <summary>
/// Papers like the ones a user saved, never one they already saved. Two signals are fused into one ranking
/// (a weighted sum of scores, see Fuse): the papers nearest by meaning to any saved paper's vector, each
/// naming the saved paper it is closest to; and the words ranking: the search's "similar to" scorer finds candidates
/// from titles and abstracts, re-ranked by the title words they share with the saved titles, weighted by how
/// many saved titles use the word and how rare it is in the store. Titles name what a paper is about
/// ("speculative decoding"), while abstracts share the field's boilerplate ("autoregressive image generation"),
/// so the library's common theme wins over its common background. Without vectors, the words ranking alone.
/// </summary>
public sealed class LibraryRecommender(LibraryStore library, PaperStore papers, PaperSearch search, PaperNeighbours? neighbours = null)
{
    private const int MinCandidates = 40;

    private const int MaxLookups = 32;

    // Candidate rank still counts, so papers with no shared title word keep the search's order.
    private const double RankWeight = 0.5;

    // The words ranking rewards the theme several saves share; a paper near saved papers by meaning is a
    // weaker sign, so meaning counts half in the fusion (and still brings in papers no saved title shares words with).
    private const double MeaningWeight = 0.5;

    public async Task<IReadOnlyList<Recommendation>> RecommendAsync(ulong userId, int limit, CancellationToken cancellationToken)
    {
        var saved = await library.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        if (saved.Count == 0)
        {
            return [];
        }

        var ids = saved.Select(s => s.PaperId).ToArray();
        var candidates = Math.Max(limit * 4, MinCandidates);
        var byWords = await ByWordsAsync(ids, candidates, cancellationToken).ConfigureAwait(false);
        var near = neighbours is null ? [] : await neighbours.NearestAsync(ids, candidates, cancellationToken).ConfigureAwait(false);
        if (near.Count == 0)
        {
            return [.. byWords.Take(limit)];
        }

        var taken = ids.ToHashSet(StringComparer.Ordinal);
        var fused = Fuse(byWords, near).Where(f => !taken.Contains(f.Id)).Take(limit).ToArray();
        var wordsById = byWords.ToDictionary(r => r.Paper.Id, StringComparer.Ordinal);
        var nearById = near.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var needed = fused.Select(f => f.Id).Concat(near.Select(n => n.ClosestTo)).Distinct(StringComparer.Ordinal).ToArray();
        var loaded = (await papers.GetManyAsync(needed, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var recommendations = new List<Recommendation>(fused.Length);
        foreach (var f in fused)
        {
            var byMeaning = f.MeaningLeads || !wordsById.ContainsKey(f.Id);
            if (byMeaning && nearById.TryGetValue(f.Id, out var n) && loaded.TryGetValue(f.Id, out var paper) && loaded.TryGetValue(n.ClosestTo, out var closest))
            {
                recommendations.Add(new Recommendation(paper, closest, f.Score, ByMeaning: true));
            }
            else if (wordsById.TryGetValue(f.Id, out var word))
            {
                recommendations.Add(word with { Score = f.Score });
            }

        }

        return recommendations;
    }

    /// <summary>
    /// One ranking from both signals, a weighted sum of scores rather than of ranks: the words score over the
    /// best words score plus <see cref="MeaningWeight"/> times the similarity scaled over the neighbours' range.
    /// Ranks alone would throw away how far ahead a paper is: a paper sharing the saved titles' theme word for
    /// word (speculative decoding, twice) would fall behind ones that are merely near in meaning.
    /// </summary>
    private static IEnumerable<Fused> Fuse(IReadOnlyList<Recommendation> byWords, IReadOnlyList<Neighbour> near)
    {
        var parts = new Dictionary<string, (double Words, double Meaning)>(StringComparer.Ordinal);
        var bestWords = byWords.Count == 0 ? 0 : byWords.Max(r => r.Score);
        foreach (var r in byWords.Where(_ => bestWords > 0))
        {
            parts[r.Paper.Id] = (r.Score / bestWords, 0);
        }

        var (low, high) = (near.Min(n => n.Similarity), near.Max(n => n.Similarity));
        foreach (var n in near)
        {
            var meaning = high > low ? (n.Similarity - low) / (high - low) : 1.0;
            parts[n.Id] = (parts.GetValueOrDefault(n.Id).Words, MeaningWeight * meaning);
        }

        return parts.Select(p => new Fused(p.Key, p.Value.Words + p.Value.Meaning, p.Value.Meaning > p.Value.Words))
            .OrderByDescending(f => f.Score).ThenBy(f => f.Id, StringComparer.Ordinal);
    }

    /// <summary>A fused candidate; the reason shown is that of the larger part (meaning or shared title words).</summary>
    private sealed record Fused(string Id, double Score, bool MeaningLeads);

    /// <summary>The words ranking, best first: candidates from the saved papers' key terms, re-ranked by shared title words.</summary>
    private async Task<IReadOnlyList<Recommendation>> ByWordsAsync(string[] ids, int candidateCount, CancellationToken cancellationToken)
    {
        var hits = await search.SimilarToAsync(ids, ids, candidateCount, cancellationToken).ConfigureAwait(false);
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
            .OrderByDescending(r => r.Score);
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
