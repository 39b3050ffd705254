using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Club;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>Two bot processes over one state: the reminder each sees due goes out once.</summary>
public sealed class ClubReminderFleetTests
{
    private static readonly DateTimeOffset Start = new(2026, 10, 29, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Digest:Enabled"] = "false",
        ["Club:MaxSleep"] = "30.00:00:00",
    };

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Reminder_TwoProcessesOverOneDatabase_SentOnce(StorageProvider provider)
    {
        var time = new FakeTimeProvider(Start);
        void Configure(IServiceCollection services) => services.AddSingleton<TimeProvider>(time);
        await using var bot = await BotHarness.StartAsync(Settings, Configure, provider: provider);
        var first = bot.Host;
        await ClubE2E.ScheduleAsync(bot, "2302.07863", "2026-11-02");
        var thread = Assert.Single(bot.Discord.Threads).Id;
        // On PostgreSQL the fleet's identify gate holds its lock for 5 s of (fake) time after the first process identified.
        time.Advance(TimeSpan.FromSeconds(6));
        var second = await bot.StartHostAsync(Settings, Configure);

        // Without a digest the reminder is owed at 09:00 UTC the day before; both loops sleep until then.
        var due = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(due, await SettleAsync(first, time));
        Assert.Equal(due, await SettleAsync(second, time));

        time.SetUtcNow(due.AddSeconds(5));
        Assert.True(await bot.Discord.WaitUntilAsync(() => bot.Discord.GetMessages(thread).Count > 0, TimeSpan.FromSeconds(10)));
        await SettleAsync(first, time);
        await SettleAsync(second, time);

        Assert.Single(bot.Discord.GetMessages(thread));
        // One POST: the other process found it claimed or sent, not merely dropped by Discord's nonce check.
        Assert.Single(bot.Discord.Requests, r => r.Method == "POST" && r.Path == $"/channels/{thread}/messages");
        var entry = await second.Services.GetRequiredService<ClubStore>().GetAsync(bot.ChannelId, "2302.07863", CancellationToken.None);
        Assert.NotNull(entry!.RemindedAt);
    }

    /// <summary>Until a process's reminder loop has acted on the current fake instant; returns the instant it sleeps until.</summary>
    private static async Task<DateTimeOffset> SettleAsync(IHost host, FakeTimeProvider time)
    {
        var loop = host.Services.GetRequiredService<ClubWakeup>();
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
