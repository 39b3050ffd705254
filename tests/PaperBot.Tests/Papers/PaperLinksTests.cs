using PaperBot.Papers;

namespace PaperBot.Tests.Papers;

public sealed class PaperLinksTests
{
    [Fact]
    public void ExtractDois_DoiLinksAndMentions_FindEachOnceWithoutTrailingPunctuation()
    {
        const string text = """
            the journal version (https://doi.org/10.1145/3292500.3330701), again at doi:10.1145/3292500.3330701.
            and http://dx.doi.org/10.1016/S0140-6736(20)30183-5; arXiv's own https://doi.org/10.48550/arXiv.2404.22222
            but not 10.1145/3292500.3330702 on its own
            """;

        var dois = PaperLinks.ExtractDois(text);

        Assert.Equal(["10.1145/3292500.3330701", "10.1016/S0140-6736(20)30183-5"], dois);
    }

    [Fact]
    public void Extract_EveryLinkForm_FindsEachIdOnceInOrder()
    {
        const string text = """
            see https://arxiv.org/abs/2401.01234v3 and the pdf http://arxiv.org/pdf/2401.01234.pdf,
            also arXiv:2312.00752, <https://huggingface.co/papers/2402.05678>, hf.co/papers/2403.11111
            and https://doi.org/10.48550/arXiv.2404.22222 plus old https://arxiv.org/abs/hep-th/9901001
            """;

        var ids = PaperLinks.Extract(text).Select(i => i.Id).ToList();

        Assert.Equal(["2401.01234", "2312.00752", "2402.05678", "2403.11111", "2404.22222", "hep-th/9901001"], ids);
    }

    [Theory]
    [InlineData("version 2401.01234 of the notes")]
    [InlineData("https://example.com/abs/2401.01234")]
    [InlineData("arXiv:2413.01234")]
    [InlineData("https://arxiv.org/abs/2401.012345678")]
    public void Extract_NoPaperLink_FindsNothing(string text) => Assert.Empty(PaperLinks.Extract(text));

    [Fact]
    public void Extract_Max_StopsThere() =>
        Assert.Equal(2, PaperLinks.Extract("arXiv:2401.00001 arXiv:2401.00002 arXiv:2401.00003", 2).Count);
}
