using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Discord.Gateway;
using PaperBot.FakeDiscord;
using PaperBot.Hosting.Fleet;
using PaperBot.Storage.Postgres;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting.Fleet;

/// <summary>
/// Two processes' gateways (each its own limiter, pool and shards) over one PostgreSQL and one fake Discord whose
/// max_concurrency is 1: every shard is in bucket 0, so the fleet may send one IDENTIFY per interval, and the fake
/// refuses any sooner. Real time, with a 2 s interval on both sides to keep it short.
/// </summary>
public sealed class PostgresIdentifyGateTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [PostgresFact]
    public async Task RunAsync_TwoProcessesOneBucket_IdentifiesAtLeastOneIntervalApartFleetWide()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { MaxConcurrency = 1, IdentifyInterval = Interval });
        await using var first = Process(discord, database.ConnectionString, "0,1");
        await using var second = Process(discord, database.ConnectionString, "2,3");
        using var stop = new CancellationTokenSource();
        var shards = new[] { first, second }.Select(p => p.GetRequiredService<GatewayShardSet>()).ToList();

        var runs = shards.Select(s => s.RunAsync(new NoHandler(), stop.Token)).ToList();
        var allLive = await discord.WaitUntilAsync(() => discord.LiveShards.Count == 4, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(allLive, $"live shards: {string.Join(',', discord.LiveShards)}; refused identifies: {discord.RefusedIdentifyCount}");
        Assert.Equal(0, discord.RefusedIdentifyCount);
        var times = discord.IdentifyTimes.Select(i => i.At).Order().ToList();
        Assert.Equal(4, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Interval, $"identifies {pair.First:O} and {pair.Second:O} are less than {Interval} apart"));
    }

    [PostgresFact]
    public async Task EnterAsync_AfterAnotherProcessIdentified_WaitsTheIntervalAndTheArrivalMargin()
    {
        // Discord counts an IDENTIFY when it arrives: the next process may send only once the interval has passed
        // since the first was sent, plus a margin for the first one's travel (a second: two TCP retransmissions),
        // else it can arrive too soon and be refused, which costs that shard another interval.
        await using var database = await PostgresTestDatabase.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var firstDatabase = new PostgresDatabase(database.ConnectionString);
        await using var secondDatabase = new PostgresDatabase(database.ConnectionString);
        var first = new PostgresIdentifyGate(firstDatabase, time, NullLogger<PostgresIdentifyGate>.Instance);
        var second = new PostgresIdentifyGate(secondDatabase, time, NullLogger<PostgresIdentifyGate>.Instance);
        var interval = TimeSpan.FromSeconds(5);

        var sent = await first.EnterAsync(7, interval, CancellationToken.None);
        await sent.DisposeAsync();
        var next = second.EnterAsync(7, interval, CancellationToken.None);
        var otherBucket = await second.EnterAsync(8, interval, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(interval + TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var earlyEntered = next.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var entered = await next.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(earlyEntered, "the bucket opened before the interval and the margin had passed");
        await entered.DisposeAsync();
        await otherBucket.DisposeAsync();
    }

    /// <summary>What one bot process registers for the gateway with Storage:Provider = postgres.</summary>
    private static ServiceProvider Process(FakeDiscordServer discord, string connectionString, string shards)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = discord.BotToken,
            ["Discord:RestBaseUrl"] = discord.RestBaseUrl.AbsoluteUri,
            ["Discord:ShardCount"] = "4",
            ["Discord:Shards"] = shards,
            ["Discord:Gateway:IdentifyInterval"] = Interval.ToString(),
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(new PostgresDatabase(connectionString))
            .AddOptions<PaperBot.Storage.StorageOptions>().BindConfiguration(PaperBot.Storage.StorageOptions.SectionName).Services
            .AddFleetCoordination()
            .AddDiscordGateway();
        return services.BuildServiceProvider();
    }

    private sealed class NoHandler : IGatewayEventHandler
    {
        public ValueTask HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
