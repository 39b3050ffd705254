using PaperBot.Papers;

namespace PaperBot.Tests.Papers;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Speculative\n  Decoding", "Speculative Decoding")]
    [InlineData("  lead and trail  ", "lead and trail")]
    [InlineData("tabs\tand\r\nCRLF", "tabs and CRLF")]
    [InlineData("a\u00A0b", "a b")]
    [InlineData("bell\u0007char", "bellchar")]
    [InlineData("already clean", "already clean")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Collapse_WrappedText_CollapsesWhitespaceRuns(string? input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Collapse(input));
    }

    [Fact]
    public void Collapse_SnippetMarkerCharacters_AreRemoved()
    {
        Assert.Equal("ab", TextNormalizer.Collapse("a\uE000b\uE001"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void CollapseOrNull_Blank_ReturnsNull(string? input)
    {
        Assert.Null(TextNormalizer.CollapseOrNull(input));
    }
}
