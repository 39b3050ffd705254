using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Digest;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Digest;

/// <summary>Two channels subscribed with /digest in different time zones each get their batch at their own local time.</summary>
public sealed class DigestScheduledE2ETests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Subscribe_TwoZones_EachChannelGetsItsBatchAtItsLocalTime(StorageProvider provider)
    {
        var time = new FakeTimeProvider(Monday);
        await using var bot = await BotHarness.StartAsync(configure: services => services.AddSingleton<TimeProvider>(time), provider: provider);
        await DigestE2E.AddFreshPapersAsync(bot.Host);
        var berlin = bot.ChannelId;
        var newYork = bot.Discord.CreateChannel(bot.GuildId, "papers-ny");
        await SubscribeAsync(bot, berlin, "Europe/Berlin");
        await SubscribeAsync(bot, newYork, "America/New_York");
        var loop = bot.Host.Services.GetRequiredService<DigestWakeup>();

        // 08:00 in Berlin (UTC+1 in winter) is 07:00 UTC; in New York (UTC-5) it is 13:00 UTC.
        await SettleAsync(loop, time);
        time.SetUtcNow(Monday.AddHours(7).AddMinutes(-1));
        await SettleAsync(loop, time);
        Assert.Empty(DigestE2E.ChannelPosts(bot.Discord, berlin));

        time.SetUtcNow(Monday.AddHours(7).AddSeconds(5));
        var berlinPosts = await DigestE2E.WaitForPostsAsync(bot.Discord, berlin, 1 + 3);
        await SettleAsync(loop, time);
        Assert.Empty(DigestE2E.ChannelPosts(bot.Discord, newYork));

        time.SetUtcNow(Monday.AddHours(13).AddSeconds(5));
        var newYorkPosts = await DigestE2E.WaitForPostsAsync(bot.Discord, newYork, 1 + 3);
        await SettleAsync(loop, time);

        Assert.Equal(3, DigestE2E.PaperIds(DigestE2E.ChannelPosts(bot.Discord, berlin)).Count);
        Assert.Equal(3, DigestE2E.PaperIds(DigestE2E.ChannelPosts(bot.Discord, newYork)).Count);
        Assert.Contains("Monday 30 November 2026", berlinPosts[0].Content, StringComparison.Ordinal);
        Assert.Contains("Monday 30 November 2026", newYorkPosts[0].Content, StringComparison.Ordinal);
        bot.AssertClean();
    }

    private static async Task SubscribeAsync(BotHarness bot, ulong channel, string zone)
    {
        var reply = await bot.FinalMessageAsync(await bot.Discord.InjectSlashCommandAsync(
            "digest",
            BotHarness.Options("subscribe", [("topics", "speculative decoding"), ("time", "08:00"), ("timezone", zone), ("days", "daily")]),
            bot.GuildId,
            channel,
            BotHarness.DefaultUserId,
            BotHarness.ManagerPermissions));
        Assert.StartsWith("Subscribed", reply.Content, StringComparison.Ordinal);

        // The answer is visible before the bot has read Discord's response to it; moving the fake clock while
        // that request is in flight would run out its timeout (measured on the same clock).
        await bot.IdleAsync();
    }

    /// <summary>Until the digest loop has acted on the current fake instant and sleeps towards a later one.</summary>
    private static async Task SettleAsync(DigestWakeup loop, FakeTimeProvider time)
    {
        var deadline = Stopwatch.StartNew();
        while (!(loop.WaitingUntil is { } until && until > time.GetUtcNow()))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"digest loop never went idle at {time.GetUtcNow():O}");
            await Task.Delay(5);
        }
    }
}
