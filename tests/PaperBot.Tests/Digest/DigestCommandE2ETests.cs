using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Digest;

/// <summary>
/// /digest as users type it, end to end through the real bot host and the fake Discord: unsubscribe, list,
/// preview, now, refused input, topic filters, and saving a posted digest paper with 🔖.
/// </summary>
public sealed class DigestCommandE2ETests : BotTestBase
{
    private const ulong Reader = 4_242_000_000_000_778;
    private const string EveryonePermissions = "2147486720";

    /// <summary>Each test starts the bot with the state in its provider's database, and fresh papers to post.</summary>
    private async Task StartWithFreshPapersAsync(StorageProvider provider)
    {
        await StartAsync(provider);
        await DigestE2E.AddFreshPapersAsync(Bot.Host);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Unsubscribe_ByManager_RemovesTheDigest(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"));

        var answer = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "unsubscribe"));
        var settings = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "settings"));

        Assert.Contains("no longer gets the daily digest", answer.Content, StringComparison.Ordinal);
        Assert.Contains("has no digest", settings.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Unsubscribe_WithoutManageChannels_IsRefusedAndTheDigestStays(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"), ("time", "07:15"));

        var refused = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "unsubscribe", Reader, EveryonePermissions));
        var settings = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "settings"));

        Assert.True(refused.Ephemeral);
        Assert.Contains("Manage Channels", refused.Content, StringComparison.Ordinal);
        Assert.Contains("07:15", settings.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Subscribe_TopicsStar_GoesBackToAllTopicsAndKeepsTheRest(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"), ("time", "07:15"));

        var updated = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "subscribe", ("topics", "*")));
        var settings = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "settings"));

        Assert.StartsWith("Updated the digest of", updated.Content, StringComparison.Ordinal);
        Assert.Contains("all topics", settings.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("speculative", settings.Content, StringComparison.Ordinal);
        Assert.Contains("07:15", settings.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task List_TwoSubscribedChannels_ShowsBoth(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        var other = Bot.Discord.CreateChannel(Bot.GuildId, "more-papers");
        await SubscribeAsync(("topics", "speculative decoding"));
        await Bot.FinalMessageAsync(await Bot.Discord.InjectSlashCommandAsync(
            "digest", BotHarness.Options("subscribe", [("topics", "diffusion"), ("timezone", "Asia/Tokyo")]), Bot.GuildId, other, BotHarness.DefaultUserId, BotHarness.ManagerPermissions));

        var list = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "list"));

        Assert.Contains("(2)", list.Content, StringComparison.Ordinal);
        Assert.Contains($"<#{Bot.ChannelId}>", list.Content, StringComparison.Ordinal);
        Assert.Contains($"<#{other}>", list.Content, StringComparison.Ordinal);
        Assert.Contains("Asia/Tokyo", list.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Preview_ShowsThePapersEphemerally_AndPostsNothing(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"));

        var preview = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "preview"));
        await Bot.IdleAsync();

        Assert.True(preview.Ephemeral);
        Assert.StartsWith("Preview", preview.Content, StringComparison.Ordinal);
        var urls = preview.Embeds.Select(e => e!["url"]!.GetValue<string>()).ToList();
        Assert.Contains("https://arxiv.org/abs/2611.00001", urls);
        Assert.Empty(DigestE2E.ChannelPosts(Bot.Discord, Bot.ChannelId));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_PostsHeaderAndPapersWithBookmarks_AndASecondNowPostsNothingTwice(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"), ("max", 5));

        var answer = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        var posted = await DigestE2E.WaitForPostsAsync(Bot.Discord, Bot.ChannelId, 1 + 3);

        Assert.Contains("Posting 3 papers", answer.Content, StringComparison.Ordinal);
        Assert.StartsWith("📰", posted[0].Content, StringComparison.Ordinal);
        var papers = posted.Skip(1).ToList();
        Assert.All(papers, p => Assert.Single(p.Embeds));
        Assert.True(await Bot.Discord.WaitUntilAsync(
            () => DigestE2E.ChannelPosts(Bot.Discord, Bot.ChannelId).Skip(1).All(p => p.BotReactions.Contains("🔖")), TimeSpan.FromSeconds(5)),
            "every paper message gets the bot's 🔖");

        var again = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        await Bot.IdleAsync();

        Assert.Contains("nothing to post", again.Content, StringComparison.Ordinal);
        var ids = DigestE2E.PaperIds(DigestE2E.ChannelPosts(Bot.Discord, Bot.ChannelId));
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_WithoutManageChannels_IsRefusedAndPostsNothing(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"));

        var refused = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now", Reader, EveryonePermissions));
        await Bot.IdleAsync();

        Assert.True(refused.Ephemeral);
        Assert.Contains("Manage Channels", refused.Content, StringComparison.Ordinal);
        Assert.Empty(DigestE2E.ChannelPosts(Bot.Discord, Bot.ChannelId));
        Bot.AssertClean();
    }

    [Theory]
    [InlineData("time", "9_00", "`9_00` is not a time of day")]
    [InlineData("timezone", "Mars/Olympus_Mons", "`Mars/Olympus_Mons` is not a known time zone")]
    public async Task Subscribe_InputWithMarkdown_IsQuotedInACodeSpanAsTyped(string option, string typed, string expectedStart)
    {
        await StartAsync();
        // Discord shows a backslash inside a code span as typed: what the fake Discord receives must hold the
        // input unescaped (9\_00 would read as "9\_00" on Discord; the shell's unescaping would hide that).
        var refused = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "subscribe", (option, typed)));

        Assert.True(refused.Ephemeral);
        Assert.StartsWith(expectedStart, refused.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("\\", refused.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Subscribe_UnknownTimeZone_IsRefusedWithTheReason(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        var refused = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "subscribe", ("timezone", "Mars/Olympus_Mons")));
        var settings = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "settings"));

        Assert.True(refused.Ephemeral);
        Assert.Contains("not a known time zone", refused.Content, StringComparison.Ordinal);
        Assert.Contains("has no digest", settings.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task Subscribe_MaxOutOfRange_IsRefused(int max)
    {
        await StartAsync();
        var refused = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "subscribe", ("max", max)));

        Assert.True(refused.Ephemeral);
        Assert.Contains("max must be between 1 and 20", refused.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_TopicsWithExclusionAndCategory_PostsOnlyMatchingPapers(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding -survey cat:cs.CL"));

        await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        var posted = await DigestE2E.WaitForPostsAsync(Bot.Discord, Bot.ChannelId, 2);
        await Bot.IdleAsync();

        Assert.Equal(["2611.00001"], DigestE2E.PaperIds(DigestE2E.ChannelPosts(Bot.Discord, Bot.ChannelId)));
        Assert.Contains("cat:cs.CL", posted[0].Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task BookmarkReaction_OnAPostedDigestPaper_SavesItToTheReadersLibrary(StorageProvider provider)
    {
        await StartWithFreshPapersAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding -survey cat:cs.CL"));
        await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        var paper = (await DigestE2E.WaitForPostsAsync(Bot.Discord, Bot.ChannelId, 2))[1];
        await Bot.IdleAsync();
        Assert.True(await Bot.Discord.WaitUntilAsync(() => Bot.Discord.GetMessage(paper.Id)!.BotReactions.Contains("🔖"), TimeSpan.FromSeconds(5)));

        await Bot.Discord.InjectReactionAddAsync(Bot.ChannelId, paper.Id, Reader, "🔖");

        string content = "";
        for (var attempt = 0; attempt < 50 && !content.Contains("`2611.00001`", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(20);
            content = (await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list", Reader, EveryonePermissions))).Content;
        }

        Assert.Contains("`2611.00001`", content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    private async Task SubscribeAsync(params (string Name, object Value)[] options)
    {
        var reply = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "subscribe", options));
        Assert.StartsWith("Subscribed", reply.Content, StringComparison.Ordinal);
    }
}
