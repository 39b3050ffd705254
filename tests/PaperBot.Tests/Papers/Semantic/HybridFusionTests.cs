using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

public sealed class HybridFusionTests
{
    [Fact]
    public void Fuse_PaperRankedByBothLists_BeatsPapersFirstInOnlyOne()
    {
        var fused = HybridFusion.Fuse(["a", "b"], ["c", "b"], [], FusionWeights.Default);

        Assert.Equal("b", fused[0].Id);
        Assert.Equal(2, fused[0].LexicalRank);
        Assert.Equal(2, fused[0].SemanticRank);
        Assert.Equal(3, fused.Count);
    }

    [Fact]
    public void Fuse_AnyWordsList_CountsLessThanTheAllWordsList()
    {
        var fused = HybridFusion.Fuse(["all"], [], ["any"], FusionWeights.Default);

        Assert.Equal(["all", "any"], fused.Select(f => f.Id));
        Assert.Equal(1.0 / (HybridFusion.K + 1), fused[0].Score, 9);
        Assert.Equal(FusionWeights.Default.AnyWords / (HybridFusion.K + 1), fused[1].Score, 9);
        Assert.True(FusionWeights.Default.AnyWords < FusionWeights.Default.Lexical);
    }

    [Fact]
    public void Fuse_ZeroWeight_LeavesThatListOutOfTheScore()
    {
        var fused = HybridFusion.Fuse(["a"], ["b"], [], new FusionWeights(0, 1, 0));

        Assert.Equal("b", fused[0].Id);
        Assert.Equal(0, fused[1].Score);
    }
}
