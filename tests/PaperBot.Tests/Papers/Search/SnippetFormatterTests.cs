using PaperBot.Papers.Search;

namespace PaperBot.Tests.Papers.Search;

public sealed class SnippetFormatterTests
{
    [Fact]
    public void Format_Markers_BecomeBold()
    {
        Assert.Equal("fast **speculative** decoding", SnippetFormatter.Format("fast \uE000speculative\uE001 decoding"));
    }

    [Fact]
    public void Format_MarkdownInPaperText_IsEscaped()
    {
        var formatted = SnippetFormatter.Format("a*b_c~d|e`f>g[h](i)\\j \uE000x_y\uE001");

        Assert.Equal("a\\*b\\_c\\~d\\|e\\`f\\>g\\[h\\]\\(i\\)\\\\j **x\\_y**", formatted);
    }

    [Fact]
    public void Format_MentionsAndLinks_AreDefused()
    {
        var formatted = SnippetFormatter.Format("@everyone <@123> https://x.y");

        Assert.DoesNotContain("@everyone", formatted.Replace("\\@", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\\<\\@123\\>", formatted, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_UnclosedMarker_IsClosed()
    {
        Assert.Equal("**open**", SnippetFormatter.Format("\uE000open"));
    }

    [Fact]
    public void Plain_LongText_IsCutAtAWordWithEllipsis()
    {
        var plain = SnippetFormatter.Plain(string.Join(' ', Enumerable.Repeat("word", 100)), 50);

        Assert.True(plain.Length <= 51);
        Assert.EndsWith("word…", plain, StringComparison.Ordinal);
    }
}
