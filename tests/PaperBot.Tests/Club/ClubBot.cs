using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Club;
using PaperBot.FakeDiscord;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>
/// The bot the journal club tests drive: a <see cref="BotHarness"/> on a fake clock, with the club's store, its
/// announcements and a way to wait until the reminder loop has acted on the current fake instant.
/// </summary>
internal sealed class ClubBot : IAsyncDisposable
{
    /// <summary>The commands' tests: Tuesday 1 December 2026, 10:00 UTC.</summary>
    public static readonly DateTimeOffset CommandsStart = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Thursday 29 October 2026, New York still on daylight time (UTC-4); it falls back on Sunday 1 November.</summary>
    public static readonly DateTimeOffset RemindersStart = new(2026, 10, 29, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The reminder loop alone (no digest loop), sleeping as long as the tests need.</summary>
    public static readonly IReadOnlyDictionary<string, string?> RemindersOnly = new Dictionary<string, string?>
    {
        ["Digest:Enabled"] = "false",
        ["Club:MaxSleep"] = "30.00:00:00",
    };

    private readonly IReadOnlyDictionary<string, string?>? _settings;

    private ClubBot(BotHarness bot, FakeTimeProvider time, IReadOnlyDictionary<string, string?>? settings)
    {
        Bot = bot;
        Time = time;
        _settings = settings;
    }

    public BotHarness Bot { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The club's store as the current process sees it.</summary>
    public ClubStore Store => Bot.Host.Services.GetRequiredService<ClubStore>();

    /// <summary>Starts the bot with its state in <paramref name="provider"/>'s database and the clock at <paramref name="start"/>.</summary>
    public static async Task<ClubBot> StartAsync(StorageProvider provider, DateTimeOffset start, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(start);
        var bot = await BotHarness.StartAsync(settings, OnClock(time), provider: provider);
        return new ClubBot(bot, time, settings);
    }

    /// <summary>Another process (or the same one restarted) over the same state, settings and clock.</summary>
    public Task<IHost> StartHostAsync() => Bot.StartHostAsync(_settings, OnClock(Time));

    /// <summary>What the bot posted in the channel itself, not as an answer to an interaction.</summary>
    public static List<FakeMessage> Announcements(BotHarness bot) =>
        [.. bot.Discord.GetMessages(bot.ChannelId).Where(m => m.AuthorIsBot && m.InteractionId is null)];

    /// <summary>Until <paramref name="host"/>'s reminder loop (the current one by default) has acted on the current fake instant; returns the instant it sleeps until.</summary>
    public async Task<DateTimeOffset> SettleAsync(IHost? host = null)
    {
        var loop = (host ?? Bot.Host).Services.GetRequiredService<ClubWakeup>();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (loop.WaitingUntil is { } until && until > Time.GetUtcNow())
            {
                return until;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"reminder loop never went idle at {Time.GetUtcNow():O}");
            await Task.Delay(5);
        }
    }

    public ValueTask DisposeAsync() => Bot.DisposeAsync();

    private static Action<IServiceCollection> OnClock(FakeTimeProvider time) => services => services.AddSingleton<TimeProvider>(time);
}
