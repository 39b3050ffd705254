using PaperBot.Papers;

namespace PaperBot.Tests.Papers;

public sealed class PaperIdTests
{
    [Theory]
    [InlineData("arXiv:2410.03355v2", "2410.03355")]
    [InlineData("https://huggingface.co/papers/2410.03355", "2410.03355")]
    [InlineData("hep-th/9901001", "hep-th/9901001")]
    [InlineData("10.1145/3292500.3330701", "10.1145/3292500.3330701")]
    [InlineData("doi:10.1145/3292500.3330701", "10.1145/3292500.3330701")]
    [InlineData("https://doi.org/10.1016/S0140-6736(20)30183-5", "10.1016/S0140-6736(20)30183-5")]
    [InlineData("  4983 ", "4983")]
    [InlineData("10.48550/arXiv.2211.17192", "2211.17192")]
    [InlineData("https://doi.org/10.48550/ARXIV.2211.17192", "2211.17192")]
    [InlineData("2020.acl-main.1", "2020.acl-main.1")]
    [InlineData("ug7v899j", "ug7v899j")]
    public void TryNormalize_ArxivIdsDoisAndCorpusIds_GiveTheStoredKey(string input, string expected)
    {
        Assert.True(PaperId.TryNormalize(input, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("https://example.com/paper")]
    [InlineData("-rm")]
    [InlineData("a`b")]
    [InlineData("<4983>x")]
    [InlineData("naïve")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void TryNormalize_TextThatIsNoId_Refused(string input)
    {
        Assert.False(PaperId.TryNormalize(input, out _));
    }

    [Fact]
    public void Pages_ArxivDoiAndCorpusIds_LinkWhatExists()
    {
        Assert.Equal("https://arxiv.org/abs/2410.03355", PaperId.PageOf("2410.03355")!.AbsoluteUri);
        Assert.Equal("https://arxiv.org/pdf/hep-th/9901001", PaperId.PdfOf("hep-th/9901001")!.AbsoluteUri);
        Assert.Equal("https://doi.org/10.1016/S0140-6736(20)30183-5", PaperId.PageOf("10.1016/S0140-6736(20)30183-5")!.AbsoluteUri);
        Assert.Null(PaperId.PdfOf("10.1145/3292500.3330701"));
        Assert.Null(PaperId.PageOf("4983"));
        Assert.Equal("doi:10.1145/3292500.3330701", PaperId.Label("10.1145/3292500.3330701"));
        Assert.Equal("arXiv:2410.03355", PaperId.Label("2410.03355"));
        Assert.Equal("4983", PaperId.Label("4983"));
    }
}
