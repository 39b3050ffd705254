using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Digest;

/// <summary>
/// /digest as users type it, end to end through the real bot host and the fake Discord: unsubscribe, list,
/// preview, now, refused input, topic filters, and saving a posted digest paper with 🔖.
/// </summary>
public sealed class DigestCommandE2ETests : IAsyncLifetime
{
    private const ulong Reader = 4_242_000_000_000_778;
    private const string EveryonePermissions = "2147486720";

    private BotHarness _bot = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test starts the bot with the state in its provider's database.</summary>
    private async Task StartAsync(StorageProvider provider = StorageProvider.Sqlite)
    {
        _bot = await BotHarness.StartAsync(provider: provider);
        await DigestE2E.AddFreshPapersAsync(_bot.Host);
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Unsubscribe_ByManager_RemovesTheDigest(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"));

        var answer = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "unsubscribe"));
        var settings = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "settings"));

        Assert.Contains("no longer gets the daily digest", answer.Content, StringComparison.Ordinal);
        Assert.Contains("has no digest", settings.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Unsubscribe_WithoutManageChannels_IsRefusedAndTheDigestStays(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"), ("time", "07:15"));

        var refused = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "unsubscribe", Reader, EveryonePermissions));
        var settings = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "settings"));

        Assert.True(refused.Ephemeral);
        Assert.Contains("Manage Channels", refused.Content, StringComparison.Ordinal);
        Assert.Contains("07:15", settings.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Subscribe_TopicsStar_GoesBackToAllTopicsAndKeepsTheRest(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"), ("time", "07:15"));

        var updated = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", ("topics", "*")));
        var settings = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "settings"));

        Assert.StartsWith("Updated the digest of", updated.Content, StringComparison.Ordinal);
        Assert.Contains("all topics", settings.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("speculative", settings.Content, StringComparison.Ordinal);
        Assert.Contains("07:15", settings.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task List_TwoSubscribedChannels_ShowsBoth(StorageProvider provider)
    {
        await StartAsync(provider);
        var other = _bot.Discord.CreateChannel(_bot.GuildId, "more-papers");
        await SubscribeAsync(("topics", "speculative decoding"));
        await _bot.FinalMessageAsync(await _bot.Discord.InjectSlashCommandAsync(
            "digest", BotHarness.Options("subscribe", [("topics", "diffusion"), ("timezone", "Asia/Tokyo")]), _bot.GuildId, other, BotHarness.DefaultUserId, BotHarness.ManagerPermissions));

        var list = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "list"));

        Assert.Contains("(2)", list.Content, StringComparison.Ordinal);
        Assert.Contains($"<#{_bot.ChannelId}>", list.Content, StringComparison.Ordinal);
        Assert.Contains($"<#{other}>", list.Content, StringComparison.Ordinal);
        Assert.Contains("Asia/Tokyo", list.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Preview_ShowsThePapersEphemerally_AndPostsNothing(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"));

        var preview = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "preview"));
        await _bot.IdleAsync();

        Assert.True(preview.Ephemeral);
        Assert.StartsWith("Preview", preview.Content, StringComparison.Ordinal);
        var urls = preview.Embeds.Select(e => e!["url"]!.GetValue<string>()).ToList();
        Assert.Contains("https://arxiv.org/abs/2611.00001", urls);
        Assert.Empty(DigestE2E.ChannelPosts(_bot.Discord, _bot.ChannelId));
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_PostsHeaderAndPapersWithBookmarks_AndASecondNowPostsNothingTwice(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"), ("max", 5));

        var answer = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "now"));
        var posted = await DigestE2E.WaitForPostsAsync(_bot.Discord, _bot.ChannelId, 1 + 3);

        Assert.Contains("Posting 3 papers", answer.Content, StringComparison.Ordinal);
        Assert.StartsWith("📰", posted[0].Content, StringComparison.Ordinal);
        var papers = posted.Skip(1).ToList();
        Assert.All(papers, p => Assert.Single(p.Embeds));
        Assert.True(await _bot.Discord.WaitUntilAsync(
            () => DigestE2E.ChannelPosts(_bot.Discord, _bot.ChannelId).Skip(1).All(p => p.BotReactions.Contains("🔖")), TimeSpan.FromSeconds(5)),
            "every paper message gets the bot's 🔖");

        var again = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "now"));
        await _bot.IdleAsync();

        Assert.Contains("nothing to post", again.Content, StringComparison.Ordinal);
        var ids = DigestE2E.PaperIds(DigestE2E.ChannelPosts(_bot.Discord, _bot.ChannelId));
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_WithoutManageChannels_IsRefusedAndPostsNothing(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding"));

        var refused = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "now", Reader, EveryonePermissions));
        await _bot.IdleAsync();

        Assert.True(refused.Ephemeral);
        Assert.Contains("Manage Channels", refused.Content, StringComparison.Ordinal);
        Assert.Empty(DigestE2E.ChannelPosts(_bot.Discord, _bot.ChannelId));
        _bot.AssertClean();
    }

    [Theory]
    [InlineData("time", "9_00", "`9_00` is not a time of day")]
    [InlineData("timezone", "Mars/Olympus_Mons", "`Mars/Olympus_Mons` is not a known time zone")]
    public async Task Subscribe_InputWithMarkdown_IsQuotedInACodeSpanAsTyped(string option, string typed, string expectedStart)
    {
        await StartAsync();
        // Discord shows a backslash inside a code span as typed: what the fake Discord receives must hold the
        // input unescaped (9\_00 would read as "9\_00" on Discord; the shell's unescaping would hide that).
        var refused = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", (option, typed)));

        Assert.True(refused.Ephemeral);
        Assert.StartsWith(expectedStart, refused.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("\\", refused.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Subscribe_UnknownTimeZone_IsRefusedWithTheReason(StorageProvider provider)
    {
        await StartAsync(provider);
        var refused = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", ("timezone", "Mars/Olympus_Mons")));
        var settings = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "settings"));

        Assert.True(refused.Ephemeral);
        Assert.Contains("not a known time zone", refused.Content, StringComparison.Ordinal);
        Assert.Contains("has no digest", settings.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public async Task Subscribe_MaxOutOfRange_IsRefused(int max)
    {
        await StartAsync();
        var refused = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", ("max", max)));

        Assert.True(refused.Ephemeral);
        Assert.Contains("max must be between 1 and 20", refused.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_TopicsWithExclusionAndCategory_PostsOnlyMatchingPapers(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding -survey cat:cs.CL"));

        await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "now"));
        var posted = await DigestE2E.WaitForPostsAsync(_bot.Discord, _bot.ChannelId, 2);
        await _bot.IdleAsync();

        Assert.Equal(["2611.00001"], DigestE2E.PaperIds(DigestE2E.ChannelPosts(_bot.Discord, _bot.ChannelId)));
        Assert.Contains("cat:cs.CL", posted[0].Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task BookmarkReaction_OnAPostedDigestPaper_SavesItToTheReadersLibrary(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "speculative decoding -survey cat:cs.CL"));
        await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "now"));
        var paper = (await DigestE2E.WaitForPostsAsync(_bot.Discord, _bot.ChannelId, 2))[1];
        await _bot.IdleAsync();
        Assert.True(await _bot.Discord.WaitUntilAsync(() => _bot.Discord.GetMessage(paper.Id)!.BotReactions.Contains("🔖"), TimeSpan.FromSeconds(5)));

        await _bot.Discord.InjectReactionAddAsync(_bot.ChannelId, paper.Id, Reader, "🔖");

        string content = "";
        for (var attempt = 0; attempt < 50 && !content.Contains("`2611.00001`", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(20);
            content = (await _bot.FinalMessageAsync(await _bot.SlashAsync("library", "list", Reader, EveryonePermissions))).Content;
        }

        Assert.Contains("`2611.00001`", content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    private async Task SubscribeAsync(params (string Name, object Value)[] options)
    {
        var reply = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", options));
        Assert.StartsWith("Subscribed", reply.Content, StringComparison.Ordinal);
    }
}
