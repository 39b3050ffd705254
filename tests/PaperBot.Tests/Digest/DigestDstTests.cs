namespace PaperBot.Tests.Digest;

/// <summary>The posting loop across daylight-saving changes, through the fake Discord server.</summary>
public sealed class DigestDstTests
{
    [Fact]
    public async Task DigestService_SpringForwardSkipsPostingTime_PostsOnceAtEndOfGap()
    {
        // Berlin, Sunday 30 March 2025: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist.
        await using var harness = await DigestHarness.StartAsync(new DateTimeOffset(2025, 3, 29, 12, 0, 0, TimeSpan.Zero));
        var host = await harness.StartHostAsync();
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2503.00001", "Before the change", 1));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "02:30", TimeZone: "Europe/Berlin", Days: "daily"));

        // 03:00 CEST is 01:00 UTC.
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 3, 30, 0, 59, 0, TimeSpan.Zero));
        await harness.SettleAsync();
        Assert.Empty(harness.Messages(channel));
        await harness.AdvanceUntilAsync(new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero), () => harness.Messages(channel).Count == 2);
        Assert.True(harness.Time.GetUtcNow() < new DateTimeOffset(2025, 3, 30, 1, 5, 0, TimeSpan.Zero));

        // The next day 02:30 exists again (00:30 UTC); nothing in between.
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2503.00002", "After the change", 1));
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 3, 31, 0, 29, 0, TimeSpan.Zero));
        await harness.SettleAsync();
        Assert.Equal(2, harness.Messages(channel).Count);
        await harness.AdvanceUntilAsync(new DateTimeOffset(2025, 3, 31, 0, 30, 0, TimeSpan.Zero), () => harness.Messages(channel).Count == 4);
        Assert.Empty(harness.Discord.Rejections);
    }

    [Fact]
    public async Task DigestService_FallBackRepeatsPostingTime_PostsOnlyAtFirstOccurrence()
    {
        // Berlin, Sunday 26 October 2025: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
        await using var harness = await DigestHarness.StartAsync(new DateTimeOffset(2025, 10, 25, 12, 0, 0, TimeSpan.Zero));
        var host = await harness.StartHostAsync();
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2510.00001", "First paper", 1));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "02:30", TimeZone: "Europe/Berlin", Days: "daily"));

        // First 02:30 (CEST) is 00:30 UTC.
        await harness.AdvanceUntilAsync(new DateTimeOffset(2025, 10, 26, 0, 30, 0, TimeSpan.Zero), () => harness.Messages(channel).Count == 2);
        Assert.True(harness.Time.GetUtcNow() < new DateTimeOffset(2025, 10, 26, 0, 35, 0, TimeSpan.Zero));

        // A new paper arrives before the second 02:30 (CET, 01:30 UTC): it waits for Monday.
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2510.00002", "Second paper", 1));
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 10, 26, 1, 31, 0, TimeSpan.Zero));
        await harness.SettleAsync();
        harness.Time.SetUtcNow(new DateTimeOffset(2025, 10, 26, 12, 0, 0, TimeSpan.Zero));
        await harness.SettleAsync();
        Assert.Equal(2, harness.Messages(channel).Count);

        // Monday 02:30 CET is 01:30 UTC.
        await harness.AdvanceUntilAsync(new DateTimeOffset(2025, 10, 27, 1, 30, 0, TimeSpan.Zero), () => harness.Messages(channel).Count == 4);
        Assert.Equal(["2510.00001", "2510.00002"], DigestHarness.PaperIdsIn(harness.Messages(channel)));
    }
}
