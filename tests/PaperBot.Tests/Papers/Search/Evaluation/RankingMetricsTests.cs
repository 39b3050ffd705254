using PaperBot.Benchmarks.Eval;

namespace PaperBot.Tests.Papers.Search.Evaluation;

/// <summary>The evaluation's measures against values worked out by hand (linear gains, log2 discount).</summary>
public sealed class RankingMetricsTests
{
    private static readonly Dictionary<string, int> Judged = new() { ["a"] = 2, ["b"] = 1, ["c"] = 0 };

    [Fact]
    public void NdcgAt_RelevantPapersOutOfOrder_IsDcgOverIdealDcg()
    {
        // DCG = 1/log2(2) + 0 + 2/log2(4) = 2; ideal = 2/log2(2) + 1/log2(3) = 2.63093
        var ndcg = RankingMetrics.NdcgAt(10, ["b", "x", "a"], Judged);

        Assert.Equal(2 / (2 + (1 / Math.Log2(3))), ndcg, 6);
        Assert.Equal(0.76019, ndcg, 4);
    }

    [Fact]
    public void NdcgAt_IdealOrder_IsOne()
    {
        Assert.Equal(1.0, RankingMetrics.NdcgAt(10, ["a", "b", "c", "x"], Judged), 9);
    }

    [Fact]
    public void NdcgAt_RelevantPaperBelowTheCutoff_CountsNothing()
    {
        string[] ranked = ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "a"];

        Assert.Equal(0, RankingMetrics.NdcgAt(10, ranked, Judged));
        Assert.True(RankingMetrics.NdcgAt(11, ranked, Judged) > 0);
    }

    [Fact]
    public void NdcgAt_EmptyRankingOrNoRelevantJudgement_IsZero()
    {
        Assert.Equal(0, RankingMetrics.NdcgAt(10, [], Judged));
        Assert.Equal(0, RankingMetrics.NdcgAt(10, ["c"], new Dictionary<string, int> { ["c"] = 0 }));
    }

    [Fact]
    public void RecallAt_HalfTheRelevantPapersRetrieved_IsOneHalf()
    {
        // c is judged 0, so only a counts; a repeated id is counted once.
        Assert.Equal(0.5, RankingMetrics.RecallAt(10, ["c", "a", "a"], Judged));
        Assert.Equal(1.0, RankingMetrics.RecallAt(10, ["b", "a"], Judged));
        Assert.Equal(0.5, RankingMetrics.RecallAt(1, ["b", "a"], Judged));
    }

    [Fact]
    public void ReciprocalRank_FirstRelevantAtThree_IsOneThird()
    {
        Assert.Equal(1.0 / 3, RankingMetrics.ReciprocalRank(["x", "c", "b"], Judged), 9);
        Assert.Equal(0, RankingMetrics.ReciprocalRank(["x", "c"], Judged));
    }

    [Fact]
    public void RankOfBest_BestGradeSecond_IsTwo()
    {
        Assert.Equal(2, RankingMetrics.RankOfBest(["b", "a"], Judged));
        Assert.Null(RankingMetrics.RankOfBest(["b", "c"], Judged));
    }
}
