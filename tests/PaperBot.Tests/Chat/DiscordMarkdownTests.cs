using PaperBot.Chat;

namespace PaperBot.Tests.Chat;

public sealed class DiscordMarkdownTests
{
    [Theory]
    [InlineData("**x**", @"\*\*x\*\*")]
    [InlineData("a_b_c", @"a\_b\_c")]
    [InlineData("~~gone~~ ||spoiler||", @"\~\~gone\~\~ \|\|spoiler\|\|")]
    [InlineData("`code` > quote # head", @"\`code\` \> quote \# head")]
    [InlineData("[click](https://evil.example)", @"\[click\](https://evil.example)")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("- not a list", @"\- not a list")]
    [InlineData("GPT-4 and x - y", "GPT-4 and x - y")]
    public void Escape_Markdown_RendersAsTyped(string input, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Escape(input));

    [Theory]
    [InlineData("@everyone", "@\u200Beveryone")]
    [InlineData("hi @here!", "hi @\u200Bhere!")]
    [InlineData("<@123456>", @"\<@123456\>")]
    [InlineData("<@&42> <#7>", @"\<@&42\> \<\#7\>")]
    [InlineData("mail@example.org", "mail@example.org")]
    public void Escape_Mentions_AreNeutralizedVisually(string input, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Escape(input));

    [Fact]
    public void Escape_Null_IsEmpty() => Assert.Equal("", DiscordMarkdown.Escape(null));

    [Fact]
    public void Code_Backticks_CannotCloseTheSpan() =>
        Assert.Equal("`a'b @\u200Beveryone`", DiscordMarkdown.Code("a`b @everyone"));
}
