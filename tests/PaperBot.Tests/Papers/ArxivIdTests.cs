using PaperBot.Papers;

namespace PaperBot.Tests.Papers;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2410.03355", "2410.03355", null)]
    [InlineData("2410.03355v2", "2410.03355", 2)]
    [InlineData("arXiv:2410.03355", "2410.03355", null)]
    [InlineData("arxiv:2410.03355v3", "2410.03355", 3)]
    [InlineData("https://arxiv.org/abs/2410.03355v1", "2410.03355", 1)]
    [InlineData("https://arxiv.org/pdf/2410.03355", "2410.03355", null)]
    [InlineData("https://arxiv.org/pdf/2410.03355v2.pdf", "2410.03355", 2)]
    [InlineData("http://export.arxiv.org/abs/2410.03355", "2410.03355", null)]
    [InlineData("https://huggingface.co/papers/2410.03355", "2410.03355", null)]
    [InlineData("  <https://arxiv.org/abs/2410.03355>  ", "2410.03355", null)]
    [InlineData("2101.00001", "2101.00001", null)]
    [InlineData("0704.0001", "0704.0001", null)]
    [InlineData("hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("hep-th/9901001v2", "hep-th/9901001", 2)]
    [InlineData("math.GT/0309136", "math.GT/0309136", null)]
    [InlineData("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136", null)]
    public void TryParse_KnownForms_NormalizesIdAndVersion(string input, string expectedId, int? expectedVersion)
    {
        Assert.True(ArxivId.TryParse(input, out var id));
        Assert.Equal(expectedId, id.Id);
        Assert.Equal(expectedVersion, id.Version);
        Assert.Equal(expectedId, id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("speculative decoding")]
    [InlineData("2410.0335")]
    [InlineData("2410.033555")]
    [InlineData("24100.3355")]
    [InlineData("2410.03355v")]
    [InlineData("2410.03355vx")]
    [InlineData("2410.03355v0")]
    [InlineData("hep-th/9901001v0")]
    [InlineData("https://example.com/abs/2410.03355")]
    [InlineData("https://arxiv.org/list/2410.03355")]
    [InlineData("hep-th/990100")]
    [InlineData("hep-th/99010011")]
    [InlineData("/9901001")]
    [InlineData("2410.03355 2410.03356")]
    [InlineData("javascript:alert(1)")]
    public void TryParse_NotAnArxivId_ReturnsFalse(string? input)
    {
        Assert.False(ArxivId.TryParse(input, out _));
    }

    [Fact]
    public void TryParse_VeryLongInput_ReturnsFalse()
    {
        Assert.False(ArxivId.TryParse("2410.03355" + new string('x', 10_000), out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => ArxivId.Parse("not an id"));
    }

    [Theory]
    [InlineData("2410.03355", "2024-10-01")]
    [InlineData("0704.0001", "2007-04-01")]
    [InlineData("hep-th/9901001", "1999-01-01")]
    [InlineData("math.GT/0309136", "2003-09-01")]
    public void SubmissionMonth_IsTheMonthTheIdStartsWith(string input, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ArxivId.Parse(input).SubmissionMonth);
    }
}
