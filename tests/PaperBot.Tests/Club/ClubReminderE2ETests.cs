using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Club;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>The reminder in a session's thread, the day before at the channel's digest time, exactly once.</summary>
public sealed class ClubReminderE2ETests
{
    // Thursday 29 October 2026, New York still on daylight time (UTC-4); it falls back on Sunday 1 November.
    private static readonly DateTimeOffset Start = new(2026, 10, 29, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Digest:Enabled"] = "false",
        ["Club:MaxSleep"] = "30.00:00:00",
    };

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Reminder_NewYorkDigestAcrossDstChange_ArrivesOnceInTheThreadAtLocalDigestTimeEvenAfterRestart(StorageProvider provider)
    {
        var time = new FakeTimeProvider(Start);
        void Configure(IServiceCollection services) => services.AddSingleton<TimeProvider>(time);
        await using var bot = await BotHarness.StartAsync(Settings, Configure, provider: provider);
        var subscribed = await bot.FinalMessageAsync(await bot.SlashAsync("digest", "subscribe", ("time", "08:00"), ("timezone", "America/New_York")));
        Assert.StartsWith("Subscribed", subscribed.Content, StringComparison.Ordinal);
        await bot.IdleAsync();
        await ClubE2E.ScheduleAsync(bot, "2302.07863", "2026-11-02");
        var thread = Assert.Single(bot.Discord.Threads).Id;

        // 08:00 on Sunday 1 November in New York is after the change back to EST (UTC-5): 13:00 UTC, not 12:00.
        var due = new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero);
        Assert.Equal(due, await SettleAsync(bot, time));
        time.SetUtcNow(due.AddMinutes(-1));
        await SettleAsync(bot, time);
        Assert.Empty(bot.Discord.GetMessages(thread));

        time.SetUtcNow(due.AddSeconds(5));
        Assert.True(await bot.Discord.WaitUntilAsync(() => bot.Discord.GetMessages(thread).Count > 0, TimeSpan.FromSeconds(10)));
        await SettleAsync(bot, time);
        var reminder = Assert.Single(bot.Discord.GetMessages(thread));
        Assert.Contains("tomorrow, Monday 2 November 2026", reminder.Content, StringComparison.Ordinal);
        Assert.Contains($"<@{ClubE2E.Presenter}>", reminder.Content, StringComparison.Ordinal);

        await bot.StopHostAsync();
        await bot.StartHostAsync(Settings, Configure);
        time.Advance(TimeSpan.FromMinutes(1));
        await SettleAsync(bot, time);

        Assert.Single(bot.Discord.GetMessages(thread));

        // Sent once, not sent again and dropped by Discord's nonce check: the ledger says it went out.
        Assert.Single(bot.Discord.Requests, r => r.Method == "POST" && r.Path == $"/channels/{thread}/messages");
        var entry = await bot.Host.Services.GetRequiredService<ClubStore>().GetAsync(bot.ChannelId, "2302.07863", CancellationToken.None);
        Assert.NotNull(entry!.RemindedAt);
        ClubE2E.AssertOnlyPresenterMentionable(bot.Discord, ClubE2E.Presenter);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Reminder_SessionTomorrowAfterTheReminderTime_NoneOwed(StorageProvider provider)
    {
        var time = new FakeTimeProvider(Start);
        await using var bot = await BotHarness.StartAsync(Settings, services => services.AddSingleton<TimeProvider>(time), provider: provider);

        var reply = await ClubE2E.ScheduleAsync(bot, "2302.07863", "2026-10-30");

        Assert.Contains("too close for a reminder", reply.Content, StringComparison.Ordinal);
        var entry = await bot.Host.Services.GetRequiredService<ClubStore>().GetAsync(bot.ChannelId, "2302.07863", CancellationToken.None);
        Assert.Null(entry!.ReminderDue);
    }

    /// <summary>Until the reminder loop has acted on the current fake instant; returns the instant it sleeps until.</summary>
    private static async Task<DateTimeOffset> SettleAsync(BotHarness bot, FakeTimeProvider time)
    {
        var loop = bot.Host.Services.GetRequiredService<ClubWakeup>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (loop.WaitingUntil is { } until && until > time.GetUtcNow())
            {
                return until;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"reminder loop never went idle at {time.GetUtcNow():O}");
            await Task.Delay(5);
        }
    }
}
