namespace PaperBot.Papers.Semantic;

/// <summary>A paper in a fused ranking, with its rank (1-based) in each list that held it.</summary>
public sealed record FusedCandidate(string Id, double Score, int? LexicalRank, int? SemanticRank, int? AnyWordsRank);

/// <summary>
/// Reciprocal rank fusion: each list adds weight / (<see cref="K"/> + rank) for every paper it holds. Ranks, not
/// scores, so BM25 and cosine need no common scale; a paper both lists rank high beats one only a single list
/// likes. See docs/search.md for how the weights were chosen.
/// </summary>
public static class HybridFusion
{
    public const int K = 60;

    public static IReadOnlyList<FusedCandidate> Fuse(
        IReadOnlyList<string> lexical, IReadOnlyList<string> semantic, IReadOnlyList<string> anyWords, FusionWeights weights)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(semantic);
        ArgumentNullException.ThrowIfNull(anyWords);
        var ranks = new Dictionary<string, (int? Lexical, int? Semantic, int? AnyWords)>(StringComparer.Ordinal);
        for (var i = 0; i < lexical.Count; i++)
        {
            ranks.TryAdd(lexical[i], (i + 1, null, null));
        }

        for (var i = 0; i < semantic.Count; i++)
        {
            var seen = ranks.GetValueOrDefault(semantic[i]);
            ranks[semantic[i]] = seen with { Semantic = seen.Semantic ?? i + 1 };
        }

        for (var i = 0; i < anyWords.Count; i++)
        {
            var seen = ranks.GetValueOrDefault(anyWords[i]);
            ranks[anyWords[i]] = seen with { AnyWords = seen.AnyWords ?? i + 1 };
        }

        return ranks
            .Select(r => new FusedCandidate(
                r.Key,
                Part(weights.Lexical, r.Value.Lexical) + Part(weights.Semantic, r.Value.Semantic) + Part(weights.AnyWords, r.Value.AnyWords),
                r.Value.Lexical,
                r.Value.Semantic,
                r.Value.AnyWords))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.LexicalRank ?? int.MaxValue)
            .ThenBy(c => c.SemanticRank ?? int.MaxValue)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToArray();
    }

    private static double Part(double weight, int? rank) => rank is { } r ? weight / (K + r) : 0;
}

/// <summary>How much each ranking counts in the fusion.</summary>
public sealed record FusionWeights(double Lexical, double Semantic, double AnyWords)
{
    public static FusionWeights Default { get; } = new(1.0, 1.0, 0.75);
}
