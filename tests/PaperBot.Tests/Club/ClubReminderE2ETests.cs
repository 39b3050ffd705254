using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>The reminder in a session's thread, the day before at the channel's digest time, exactly once.</summary>
public sealed class ClubReminderE2ETests
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Reminder_NewYorkDigestAcrossDstChange_ArrivesOnceInTheThreadAtLocalDigestTimeEvenAfterRestart(StorageProvider provider)
    {
        // Started while New York is still on daylight time (UTC-4).
        await using var club = await ClubBot.StartAsync(provider, ClubBot.RemindersStart, ClubBot.RemindersOnly);
        var (bot, time) = (club.Bot, club.Time);
        var subscribed = await bot.FinalMessageAsync(await bot.SlashAsync("digest", "subscribe", ("time", "08:00"), ("timezone", "America/New_York")));
        Assert.StartsWith("Subscribed", subscribed.Content, StringComparison.Ordinal);
        await bot.IdleAsync();
        await ClubE2E.ScheduleAsync(bot, "2302.07863", "2026-11-02");
        var thread = Assert.Single(bot.Discord.Threads).Id;

        // 08:00 on Sunday 1 November in New York is after the change back to EST (UTC-5): 13:00 UTC, not 12:00.
        var due = new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero);
        Assert.Equal(due, await club.SettleAsync());
        time.SetUtcNow(due.AddMinutes(-1));
        await club.SettleAsync();
        Assert.Empty(bot.Discord.GetMessages(thread));

        time.SetUtcNow(due.AddSeconds(5));
        Assert.True(await bot.Discord.WaitUntilAsync(() => bot.Discord.GetMessages(thread).Count > 0, TimeSpan.FromSeconds(10)));
        await club.SettleAsync();
        var reminder = Assert.Single(bot.Discord.GetMessages(thread));
        Assert.Contains("tomorrow, Monday 2 November 2026", reminder.Content, StringComparison.Ordinal);
        Assert.Contains($"<@{ClubE2E.Presenter}>", reminder.Content, StringComparison.Ordinal);

        await bot.StopHostAsync();
        await club.StartHostAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        await club.SettleAsync();

        Assert.Single(bot.Discord.GetMessages(thread));

        // Sent once, not sent again and dropped by Discord's nonce check: the ledger says it went out.
        Assert.Single(bot.Discord.Requests, r => r.Method == "POST" && r.Path == $"/channels/{thread}/messages");
        var entry = await club.Store.GetAsync(bot.ChannelId, "2302.07863", CancellationToken.None);
        Assert.NotNull(entry!.RemindedAt);
        ClubE2E.AssertOnlyPresenterMentionable(bot.Discord, ClubE2E.Presenter);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Reminder_SessionTomorrowAfterTheReminderTime_NoneOwed(StorageProvider provider)
    {
        await using var club = await ClubBot.StartAsync(provider, ClubBot.RemindersStart, ClubBot.RemindersOnly);
        var bot = club.Bot;

        var reply = await ClubE2E.ScheduleAsync(bot, "2302.07863", "2026-10-30");

        Assert.Contains("too close for a reminder", reply.Content, StringComparison.Ordinal);
        var entry = await club.Store.GetAsync(bot.ChannelId, "2302.07863", CancellationToken.None);
        Assert.Null(entry!.ReminderDue);
    }

}
