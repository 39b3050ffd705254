namespace PaperBot.Benchmarks.Eval;

/// <summary>
/// The standard graded ranking measures, as trec_eval and BEIR compute them: linear gains (grade 2 counts twice
/// grade 1), log2 discount, the ideal ranking built from every judged paper. Papers without a judgement count
/// as not relevant; a paper is "relevant" for recall and MRR from grade 1 up.
/// </summary>
public static class RankingMetrics
{
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgements);
        var ideal = judgements.Values.Where(g => g > 0).OrderDescending().Take(k).ToList();
        if (ideal.Count == 0)
        {
            return 0;
        }

        var dcg = ranked.Take(k).Select((id, i) => Gain(judgements, id) / Math.Log2(i + 2)).Sum();
        var idcg = ideal.Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return dcg / idcg;
    }

    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgements);
        var relevant = judgements.Count(j => j.Value > 0);
        if (relevant == 0)
        {
            return 0;
        }

        return (double)ranked.Take(k).Distinct().Count(id => Gain(judgements, id) > 0) / relevant;
    }

    /// <summary>1 / rank of the first relevant paper, 0 when none is ranked.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgements);
        for (var i = 0; i < ranked.Count; i++)
        {
            if (Gain(judgements, ranked[i]) > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>Rank (1-based) of the first paper with the query's highest grade, or null when it is not ranked.</summary>
    public static int? RankOfBest(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgements)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgements);
        if (judgements.Count == 0)
        {
            return null;
        }

        var best = judgements.Values.Max();
        var index = ranked.ToList().FindIndex(id => Gain(judgements, id) == best);
        return index < 0 ? null : index + 1;
    }

    private static int Gain(IReadOnlyDictionary<string, int> judgements, string id) =>
        judgements.TryGetValue(id, out var grade) ? Math.Max(grade, 0) : 0;
}
