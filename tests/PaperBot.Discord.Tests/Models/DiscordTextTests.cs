using System.Globalization;
using PaperBot.Discord.Limits;

namespace PaperBot.Discord.Tests.Models;

public sealed class DiscordTextTests
{
    [Fact]
    public void Truncate_ShortText_Unchanged()
    {
        Assert.Equal("short", DiscordText.Truncate("short", 10));
    }

    [Fact]
    public void Truncate_LongText_CutsToMaxWithEllipsis()
    {
        var result = DiscordText.Truncate(new string('a', 300), 256);

        Assert.Equal(256, result.Length);
        Assert.EndsWith("…", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_EmojiAtBoundary_DoesNotSplitGrapheme()
    {
        // A family emoji is one grapheme of 11 UTF-16 units; cutting inside it would leave broken surrogates.
        const string family = "👨‍👩‍👧‍👦";
        var text = "ab" + family + family;

        var result = DiscordText.Truncate(text, 8);

        Assert.Equal("ab…", result);
        Assert.True(result.Length <= 8);
        var info = new StringInfo(DiscordText.Truncate(text, 14));
        Assert.Equal(family, info.SubstringByTextElements(2, 1));
    }

    [Fact]
    public void Truncate_CombiningMark_KeptWithItsLetter()
    {
        var text = "cafe\u0301 au lait";

        var result = DiscordText.Truncate(text, 5);

        Assert.Equal("caf…", result);
    }
}
