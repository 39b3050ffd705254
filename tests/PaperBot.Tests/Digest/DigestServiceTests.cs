using Microsoft.Extensions.DependencyInjection;

namespace PaperBot.Tests.Digest;

/// <summary>The posting loop end to end: fake clock, fake Discord, real SQLite.</summary>
public sealed class DigestServiceTests
{
    // Monday 2 June 2025, 00:00 UTC.
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DigestService_TwoChannelsInDifferentZones_EachPostsAtItsOwnLocalTime()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync();
        var berlin = harness.CreateChannel("berlin");
        var newYork = harness.CreateChannel("new-york");
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "Sparse attention", 30), DigestHarness.Paper("2506.00002", "Speculative decoding", 80));
        Assert.StartsWith("Subscribed", (await DigestHarness.SubscribeAsync(host, harness.Manager(berlin), new(Time: "09:00", TimeZone: "Europe/Berlin", Days: "daily"))).Content, StringComparison.Ordinal);
        Assert.StartsWith("Subscribed", (await DigestHarness.SubscribeAsync(host, harness.Manager(newYork), new(Time: "09:00", TimeZone: "America/New_York", Days: "daily"))).Content, StringComparison.Ordinal);

        // 09:00 in Berlin (CEST) is 07:00 UTC; New York (EDT) is still at 03:00.
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 6, 2, 6, 59, 0, TimeSpan.Zero));
        await harness.SettleAsync();
        Assert.Empty(harness.Messages(berlin));
        await harness.AdvanceUntilAsync(new DateTimeOffset(2025, 6, 2, 7, 0, 0, TimeSpan.Zero), () => harness.Messages(berlin).Count == 3);
        Assert.True(harness.Time.GetUtcNow() < new DateTimeOffset(2025, 6, 2, 7, 5, 0, TimeSpan.Zero));
        Assert.Empty(harness.Messages(newYork));

        // 09:00 in New York is 13:00 UTC.
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 6, 2, 12, 59, 0, TimeSpan.Zero));
        await harness.SettleAsync();
        Assert.Empty(harness.Messages(newYork));
        await harness.AdvanceUntilAsync(new DateTimeOffset(2025, 6, 2, 13, 0, 0, TimeSpan.Zero), () => harness.Messages(newYork).Count == 3);
        Assert.True(harness.Time.GetUtcNow() < new DateTimeOffset(2025, 6, 2, 13, 5, 0, TimeSpan.Zero));

        foreach (var channel in new[] { berlin, newYork })
        {
            var messages = harness.Messages(channel);
            Assert.Contains("Daily paper digest", messages[0].Content, StringComparison.Ordinal);
            Assert.Contains("2 new papers", messages[0].Content, StringComparison.Ordinal);

            // Ranked by upvotes without topics; each paper carries the bot's save reaction.
            Assert.Equal(["2506.00002", "2506.00001"], DigestHarness.PaperIdsIn(messages));
            Assert.All(messages.Skip(1), m => Assert.Equal(["🔖"], m.BotReactions));
            Assert.All(messages, m => Assert.Equal("[]", m.AllowedMentions?["parse"]?.ToJsonString()));
        }

        Assert.Empty(harness.Discord.Rejections);
        Assert.Equal(0, harness.Discord.TooManyRequestsSent);
    }

    [Fact]
    public async Task DigestService_SeveralDays_NeverPostsAPaperTwice()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync();
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "First day paper", 5));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily"));

        await harness.AdvanceUntilAsync(Monday.AddHours(8), () => harness.Messages(channel).Count == 2);

        // Tuesday: the same paper again from arXiv as a new version, plus one really new paper.
        harness.Time.SetUtcNow(Monday.AddHours(20));
        await DigestHarness.AddPapersAsync(
            host,
            DigestHarness.Paper("2506.00001", "First day paper", 9) with { Version = 2, Sources = ["arxiv"] },
            DigestHarness.Paper("2506.00002", "Second day paper", 1));
        await harness.AdvanceUntilAsync(Monday.AddDays(1).AddHours(8), () => harness.Messages(channel).Count == 4);

        // Wednesday: nothing new, so no post at all.
        harness.Time.SetUtcNow(Monday.AddDays(2).AddHours(8).AddMinutes(5));
        await harness.SettleAsync();

        var ids = DigestHarness.PaperIdsIn(harness.Messages(channel));
        Assert.Equal(["2506.00001", "2506.00002"], ids);
        Assert.Equal(4, harness.Messages(channel).Count);
        Assert.Empty(harness.Discord.Rejections);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("speculative decoding")]
    public async Task DigestService_PapersImportedFromOtherSources_AreNeverNews(string? topics)
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync();
        var channel = harness.CreateChannel();
        // The same morning: an arXiv paper, and a benchmark corpus's documents imported with their own ids.
        await DigestHarness.AddPapersAsync(
            host,
            DigestHarness.Paper("2506.00001", "Speculative decoding for transformers", 3),
            DigestHarness.Paper("10.1145/3292500.3330701", "Speculative decoding on graphs", 90),
            DigestHarness.Paper("4983", "Speculative decoding of brain signals", 80));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Topics: topics, Time: "08:00", TimeZone: "UTC", Days: "daily"));

        await harness.AdvanceUntilAsync(Monday.AddHours(8), () => harness.Messages(channel).Count >= 2);
        await harness.SettleAsync();

        Assert.Equal(["2506.00001"], DigestHarness.PaperIdsIn(harness.Messages(channel)));
        Assert.Contains("1 new paper", harness.Messages(channel)[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestService_TopicsGiven_PostsOnlyMatchingPapers()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync();
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(
            host,
            DigestHarness.Paper("2506.00001", "Diffusion models for video", 100, ["cs.CV"]),
            DigestHarness.Paper("2506.00002", "Speculative decoding for transformers", 3),
            DigestHarness.Paper("2506.00003", "Speculative sampling without a draft model", 1),
            DigestHarness.Paper("2506.00004", "Speculative decoding in vision", 50, ["cs.CV"]));
        var reply = await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Topics: "speculative -vision", Time: "08:00", TimeZone: "UTC", Days: "daily"));
        Assert.StartsWith("Subscribed", reply.Content, StringComparison.Ordinal);

        await harness.AdvanceUntilAsync(Monday.AddHours(8), () => harness.Messages(channel).Count == 3);
        await harness.SettleAsync();

        Assert.Equal(["2506.00002", "2506.00003"], DigestHarness.PaperIdsIn(harness.Messages(channel)).Order());
        Assert.Contains("topics: speculative -vision", harness.Messages(channel)[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestService_DowntimeOverSeveralPostingTimes_PostsOneBatchOnStartup()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var setup = await harness.StartHostAsync(withService: false);
        var channel = harness.CreateChannel();
        await DigestHarness.SubscribeAsync(setup, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily"));
        await DigestHarness.AddPapersAsync(setup, DigestHarness.Paper("2506.00001", "Paper one", 1), DigestHarness.Paper("2506.00002", "Paper two", 2));

        // Three posting times pass while the bot is down.
        harness.Time.SetUtcNow(Monday.AddDays(2).AddHours(12));
        await harness.StartHostAsync();
        await harness.AdvanceUntilAsync(harness.Time.GetUtcNow(), () => harness.Messages(channel).Count >= 3);
        await harness.SettleAsync();

        Assert.Equal(3, harness.Messages(channel).Count);
        Assert.Single(harness.Messages(channel), m => m.Content.Contains("digest", StringComparison.Ordinal));
    }
}
