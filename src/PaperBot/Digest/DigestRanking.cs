using PaperBot.Papers;

namespace PaperBot.Digest;

/// <summary>
/// Orders a channel's candidates: topic relevance first, Hugging Face upvotes as the tie-breaker that
/// carries most weight when there are no topics, then newest first, then id for a stable order.
/// </summary>
public static class DigestRanking
{
    /// <param name="candidates">Papers with a relevance in [0, 1] (1 = best match; all 0 without topics).</param>
    public static IEnumerable<Paper> Rank(IEnumerable<(Paper Paper, double Relevance)> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates
            .OrderByDescending(c => Score(c.Paper, c.Relevance))
            .ThenByDescending(c => c.Paper.FirstSeen)
            .ThenBy(c => c.Paper.Id, StringComparer.Ordinal)
            .Select(c => c.Paper);
    }

    /// <summary>Relevance counts double; upvotes saturate (log scale), so a viral paper cannot bury a precise match.</summary>
    public static double Score(Paper paper, double relevance)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var upvotes = Math.Log10(1 + Math.Max(0, paper.Upvotes ?? 0)) / 3.0;
        return (2.0 * relevance) + Math.Min(1.0, upvotes);
    }
}
