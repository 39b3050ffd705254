using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary><c>/paperbot status</c> counts uptime from the bot's start, not from the first time someone asks.</summary>
public sealed class StatusUptimeTests
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Status_FirstAskedTwoHoursAfterStart_ShowsTwoHoursOfUptime(StorageProvider provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var bot = await BotHarness.StartAsync(configure: services => services.AddSingleton<TimeProvider>(time), provider: provider);

        time.Advance(new TimeSpan(2, 3, 4));
        var message = await bot.FinalMessageAsync(await bot.SlashAsync("paperbot", "status"));

        var fields = message.Embeds[0]!["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("2 h 3 min 4 s", fields["Uptime"]);
        bot.AssertClean();
    }
}
