using PaperBot.Chat;
using PaperBot.Papers.Search;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// The search hands its snippets over as paper text with marks as data (<see cref="SnippetFormatter"/>); the one
/// Markdown escaper (<see cref="DiscordMarkdown.Snippet"/>) makes them safe for Discord where the reply is built.
/// </summary>
public sealed class SnippetFormatterTests
{
    [Fact]
    public void Format_PaperText_StaysAsTypedWithItsMarks()
    {
        Assert.Equal("a*b_c <@123> \uE000x_y\uE001", SnippetFormatter.Format("a*b_c <@123> \uE000x_y\uE001"));
    }

    [Fact]
    public void Format_UnclosedStrayAndEmptyMarks_AreMadeWellFormed()
    {
        Assert.Equal("\uE000open\uE001", SnippetFormatter.Format("\uE000open"));
        Assert.Equal("a b", SnippetFormatter.Format("a\uE001 \uE000\uE001b"));
        Assert.Equal("\uE000ab\uE001", SnippetFormatter.Format("\uE000a\uE000b\uE001\uE001"));
    }

    [Fact]
    public void Unmarked_MarkedText_DropsTheMarksOnly()
    {
        Assert.Equal("fast speculative *decoding*", SnippetFormatter.Unmarked("fast \uE000speculative\uE001 *decoding*"));
    }

    [Fact]
    public void Snippet_Markers_BecomeBold()
    {
        Assert.Equal("fast **speculative** decoding", DiscordMarkdown.Snippet("fast \uE000speculative\uE001 decoding"));
    }

    [Fact]
    public void Snippet_MarkdownInPaperText_IsEscaped()
    {
        var formatted = DiscordMarkdown.Snippet("a*b_c~d|e`f>g[h](i)\\j \uE000x_y\uE001");

        Assert.Equal("a\\*b\\_c\\~d\\|e\\`f\\>g\\[h\\](i)\\\\j **x\\_y**", formatted);
    }

    [Fact]
    public void Snippet_MentionsInPaperText_CannotPing()
    {
        var formatted = DiscordMarkdown.Snippet("@everyone <@123> @here \uE000@everyone\uE001 <@&9>");

        Assert.DoesNotContain("@everyone", formatted, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", formatted, StringComparison.Ordinal);
        Assert.DoesNotContain("<@123>", formatted, StringComparison.Ordinal);
        Assert.Contains("\\<@123\\>", formatted, StringComparison.Ordinal);
        Assert.DoesNotContain("<@&9>", formatted, StringComparison.Ordinal);
    }

    [Fact]
    public void Snippet_UnclosedMarker_IsClosed()
    {
        Assert.Equal("**open**", DiscordMarkdown.Snippet("\uE000open"));
    }

    [Fact]
    public void Plain_LongText_IsCutAtAWordWithEllipsisAndLeftUnescaped()
    {
        var plain = SnippetFormatter.Plain(string.Join(' ', Enumerable.Repeat("word_x", 100)), 50);

        Assert.True(plain.Length <= 51);
        Assert.EndsWith("word_x…", plain, StringComparison.Ordinal);
    }
}
