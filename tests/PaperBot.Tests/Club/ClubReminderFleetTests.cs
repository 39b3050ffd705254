using Microsoft.Extensions.DependencyInjection;
using PaperBot.Club;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>Two bot processes over one state: the reminder each sees due goes out once.</summary>
public sealed class ClubReminderFleetTests
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Reminder_TwoProcessesOverOneDatabase_SentOnce(StorageProvider provider)
    {
        await using var club = await ClubBot.StartAsync(provider, ClubBot.RemindersStart, ClubBot.RemindersOnly);
        var (bot, time) = (club.Bot, club.Time);
        var first = bot.Host;
        await ClubE2E.ScheduleAsync(bot, "2302.07863", "2026-11-02");
        var thread = Assert.Single(bot.Discord.Threads).Id;
        // On PostgreSQL the fleet's identify gate holds its lock for 5 s of (fake) time after the first process identified.
        time.Advance(TimeSpan.FromSeconds(6));
        var second = await club.StartHostAsync();

        // Without a digest the reminder is owed at 09:00 UTC the day before; both loops sleep until then.
        var due = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(due, await club.SettleAsync(first));
        Assert.Equal(due, await club.SettleAsync(second));

        time.SetUtcNow(due.AddSeconds(5));
        Assert.True(await bot.Discord.WaitUntilAsync(() => bot.Discord.GetMessages(thread).Count > 0, TimeSpan.FromSeconds(10)));
        await club.SettleAsync(first);
        await club.SettleAsync(second);

        Assert.Single(bot.Discord.GetMessages(thread));
        // One POST: the other process found it claimed or sent, not merely dropped by Discord's nonce check.
        Assert.Single(bot.Discord.Requests, r => r.Method == "POST" && r.Path == $"/channels/{thread}/messages");
        var entry = await second.Services.GetRequiredService<ClubStore>().GetAsync(bot.ChannelId, "2302.07863", CancellationToken.None);
        Assert.NotNull(entry!.RemindedAt);
    }
}
