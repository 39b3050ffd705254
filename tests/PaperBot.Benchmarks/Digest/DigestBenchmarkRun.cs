using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperBot.Digest;
using PaperBot.Discord.Rest;
using PaperBot.FakeDiscord;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;
using PaperBot.Storage;

namespace PaperBot.Benchmarks.Digest;

/// <summary>Scale and limits of one digest benchmark run.</summary>
public sealed record DigestBenchmarkSettings(int Channels, int Papers, int Concurrency)
{
    /// <summary>Discord's channel message route: 5 per 5 s per channel.</summary>
    public int ChannelMessageLimit { get; init; } = 5;

    public TimeSpan ChannelMessageWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Discord's own-reaction route allows about one per 250 ms per channel.</summary>
    public int ReactionLimit { get; init; } = 1;

    public TimeSpan ReactionWindow { get; init; } = TimeSpan.FromMilliseconds(250);

    public int GlobalPerSecond { get; init; } = 50;
}

/// <summary>What a run measured, plus the fake's view of what arrived.</summary>
public sealed record DigestBenchmarkResult(
    DigestBenchmarkSettings Settings,
    TimeSpan Elapsed,
    long RequestsSent,
    long TooManyRequestsReceived,
    long GlobalTooManyRequestsReceived,
    int TooManyRequestsSentByFake,
    int Rejections,
    int Failures,
    IReadOnlyList<string> TooManyRequestRoutes,
    IReadOnlyDictionary<ulong, IReadOnlyList<FakeMessage>> MessagesByChannel)
{
    /// <summary>Header + one message per paper, and one bot reaction per paper message.</summary>
    public int RequestsPerChannel => 1 + (2 * Settings.Papers);

    public long ExpectedRequests => (long)Settings.Channels * RequestsPerChannel;

    /// <summary>
    /// The global bucket lets <c>G</c> requests through per second, the first second's worth at once:
    /// N requests cannot finish before <c>(ceil(N / G) - 1)</c> seconds.
    /// </summary>
    public double GlobalBoundSeconds => Math.Max(0, Math.Ceiling(ExpectedRequests / (double)Settings.GlobalPerSecond) - 1);

    /// <summary>
    /// One channel's <c>1 + P</c> messages through its 5-per-5 s bucket, and its P reactions through the reaction
    /// bucket; the two buckets are separate, so the channel is bound by the slower of the two.
    /// </summary>
    public double ChannelBoundSeconds => Math.Max(
        (Math.Ceiling((1 + Settings.Papers) / (double)Settings.ChannelMessageLimit) - 1) * Settings.ChannelMessageWindow.TotalSeconds,
        (Math.Ceiling(Settings.Papers / (double)Settings.ReactionLimit) - 1) * Settings.ReactionWindow.TotalSeconds);

    public double BoundSeconds => Math.Max(GlobalBoundSeconds, ChannelBoundSeconds);

    public double Ratio => BoundSeconds > 0 ? Elapsed.TotalSeconds / BoundSeconds : double.NaN;
}

/// <summary>
/// The digest at scale: fake Discord on loopback with Discord-like limits, a real SQLite store with fresh
/// papers, N subscribed channels all due at once, and the real DigestRunner / DigestPoster / DiscordRestClient
/// posting every batch in one pass. Used by the <c>digest</c> benchmark mode and by its smoke test.
/// </summary>
public static class DigestBenchmarkRun
{
    public static async Task<DigestBenchmarkResult> RunAsync(DigestBenchmarkSettings settings, string workDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var directory = Path.Combine(workDirectory, "digest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var discord = await FakeDiscordServer.StartAsync(
            new FakeDiscordOptions
            {
                ChannelMessageLimit = settings.ChannelMessageLimit,
                ChannelMessageWindow = settings.ChannelMessageWindow,
                RouteRequestLimit = settings.ReactionLimit,
                RouteRequestWindow = settings.ReactionWindow,
                GlobalRequestsPerSecond = settings.GlobalPerSecond,
                EnableControlEndpoints = false,
            },
            ct);
        try
        {
            using var host = BuildHost(discord, settings, Path.Combine(directory, "papers.db"));
            await host.StartAsync(ct);
            var guild = discord.CreateGuild();
            var channels = Enumerable.Range(0, settings.Channels).Select(i => discord.CreateChannel(guild, $"digest-{i}")).ToList();
            await SeedAsync(host.Services, guild, channels, settings, ct);

            var failures = 0;
            var start = Stopwatch.GetTimestamp();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DigestRunner>().RunDueAsync(ct);
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            await using (var scope = host.Services.CreateAsyncScope())
            {
                failures = (await scope.ServiceProvider.GetRequiredService<DigestLedger>().OpenBatchesAsync(ct)).Count;
            }

            var rest = host.Services.GetRequiredService<DiscordRestClient>();
            var result = new DigestBenchmarkResult(
                settings,
                elapsed,
                rest.Metrics.RequestsSent,
                rest.Metrics.TooManyRequestsReceived,
                rest.Metrics.GlobalTooManyRequestsReceived,
                discord.TooManyRequestsSent,
                discord.Rejections.Count,
                failures,
                [.. discord.Requests.Where(q => q.StatusCode == 429).Select(q => $"{q.At:HH:mm:ss.fff} {q.Method} {q.Path}")],
                channels.ToDictionary(c => c, discord.GetMessages));
            await host.StopAsync(ct);
            return result;
        }
        finally
        {
            await discord.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a benchmark over.
            }
        }
    }

    private static IHost BuildHost(FakeDiscordServer discord, DigestBenchmarkSettings settings, string databasePath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = databasePath,
            ["Discord:Token"] = discord.BotToken,
            ["Discord:RestBaseUrl"] = discord.RestBaseUrl.AbsoluteUri,
            ["Discord:GlobalRequestsPerSecond"] = settings.GlobalPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Digest:MaxConcurrentChannels"] = settings.Concurrency.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddStorage();
        builder.Services.AddPapers();
        builder.Services.AddSemantic();
        builder.Services.AddDiscordRest();
        builder.Services.AddDigest();
        return builder.Build();
    }

    /// <summary>Fresh papers, and every channel subscribed yesterday with a posting time a minute ago, so all are due now.</summary>
    private static async Task SeedAsync(IServiceProvider services, ulong guild, List<ulong> channels, DigestBenchmarkSettings settings, CancellationToken ct)
    {
        var papers = Enumerable.Range(0, settings.Papers + 5).Select(i => new Paper
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"2611.{10000 + i:D5}"),
            Title = $"Benchmark paper {i} on efficient attention",
            Abstract = "We measure how fast a digest reaches a thousand channels.",
            Authors = ["Ada Lovelace", "Alan Turing"],
            Published = new DateOnly(2026, 11, 27),
            Categories = ["cs.CL"],
            Upvotes = 100 - i,
            Sources = ["huggingface"],
        }).ToList();
        await services.GetRequiredService<PaperStore>().UpsertManyAsync(papers, ct);

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var fire = now.AddMinutes(-1);
        var store = services.GetRequiredService<DigestSubscriptionStore>();
        foreach (var channel in channels)
        {
            await store.UpsertAsync(
                new DigestSubscription
                {
                    ChannelId = channel,
                    GuildId = guild,
                    Time = new TimeOnly(fire.Hour, fire.Minute),
                    TimeZoneId = "UTC",
                    Max = settings.Papers,
                    Days = DigestDays.Daily,
                    CreatedAt = now.AddHours(-3),
                },
                ct);
        }
    }
}
