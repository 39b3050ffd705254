using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.Gateway.Support;
using PaperBot.Discord.Tests.Rest.Support;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Gateway;

/// <summary>
/// IDENTIFY pacing against the fake Discord, all on one fake clock shared by client and fake: the fake records
/// when each IDENTIFY arrived and refuses one that breaks the session start limit or max_concurrency.
/// </summary>
public sealed class GatewayIdentifyLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How long a wait on a busy machine may see nothing move before the test calls it stuck.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task RunAsync_SessionStartsUsedUp_NoIdentifyBeforeResetAfter()
    {
        var time = new FakeTimeProvider(Start);
        var resetAfter = TimeSpan.FromSeconds(90);
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            TimeProvider = time,
            SessionStartTotal = 1000,
            SessionStartRemaining = 0,
            SessionStartResetAfter = resetAfter,
        });
        var log = new GatewayLogSink<GatewayIdentifyLimiter>();
        var limiter = Limiter(time, log);
        await using var client = Client(server, time, limiter, shardId: 0, shardCount: 1);
        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(new RecordingHandler(), stop.Token);

        Assert.True(await server.WaitUntilAsync(() => log.Lines.Any(l => l.Contains(" 9230 ", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)));
        for (var second = 1; second < 90; second++)
        {
            await Task.Delay(2);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var identifiesBeforeReset = server.IdentifyCount + server.RefusedIdentifyCount;
        var connectionsBeforeReset = server.ConnectionCount;

        // The wait was armed a moment after its log line; a busy machine may have armed it a little later.
        for (var second = 0; second < 30 && !await server.WaitUntilAsync(() => server.IsGatewayReady, TimeSpan.FromMilliseconds(200)); second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await server.WaitForReadyAsync(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, identifiesBeforeReset);
        Assert.Equal(0, connectionsBeforeReset);
        Assert.Equal(0, server.RefusedIdentifyCount);
        var identify = Assert.Single(server.IdentifyTimes);
        Assert.True(identify.At >= Start + resetAfter, $"identified at {identify.At:O}, before the reset at {Start + resetAfter:O}");
        Assert.Single(log.Lines, l => l.Contains("session start limit is used up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ThreeShardsMaxConcurrencyOne_IdentifiesAtLeastFiveSecondsApart()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { TimeProvider = time, MaxConcurrency = 1 });
        var limiter = Limiter(time, new GatewayLogSink<GatewayIdentifyLimiter>());
        var clients = Enumerable.Range(0, 3).Select(shard => Client(server, time, limiter, shard, shardCount: 3)).ToList();
        using var stop = new CancellationTokenSource();
        var runs = clients.Select(c => c.RunAsync(new RecordingHandler(), stop.Token)).ToList();

        // The clock moves only when every shard is either identified or waiting on an armed timer: a jump before a
        // shard has read the time (still connecting) or before an IDENTIFY has arrived would skew the fake's record.
        // Nothing on the fake clock can fire before the step that waits for it (the first heartbeat is 36 s away, the
        // HELLO timeout an hour), so what is left to a busy machine is how long three shards take to connect, identify
        // and close on a starved thread pool: each wait gives up only once nothing has moved for a minute.
        (int, int, int, int, int) Progress() =>
            (server.ConnectionCount, server.IdentifyTimes.Count, server.RefusedIdentifyCount, limiter.WaitingForSlot, runs.Count(r => r.IsCompleted));
        for (var identified = 1; identified <= 3; identified++)
        {
            var expected = identified;
            Assert.True(
                await WhileMovingAsync(server, () => server.IdentifyTimes.Count + server.RefusedIdentifyCount == expected && limiter.WaitingForSlot == 3 - expected, Progress),
                $"expected {expected} identifies and {3 - expected} shards waiting; saw {server.IdentifyTimes.Count} (+{server.RefusedIdentifyCount} refused) and {limiter.WaitingForSlot}");
            if (expected < 3)
            {
                time.Advance(TimeSpan.FromSeconds(5));
            }
        }

        var ready = Task.WhenAll(clients.Select(c => c.WaitForReadyAsync(CancellationToken.None)));
        Assert.True(await WhileMovingAsync(server, () => ready.IsCompleted, () => clients.Count(c => c.IsConnected)), "not every shard became ready");
        await ready;
        await stop.CancelAsync();
        Assert.True(await WhileMovingAsync(server, () => runs.All(r => r.IsCompleted), Progress), "not every shard stopped");
        await Task.WhenAll(runs);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        Assert.Equal(0, server.RefusedIdentifyCount);
        var times = server.IdentifyTimes.Select(i => i.At).Order().ToList();
        Assert.Equal(3, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(5), $"identifies {pair.First:O} and {pair.Second:O} are less than 5 s apart"));
        Assert.Equal([0, 1, 2], server.IdentifyTimes.Select(i => i.ShardId).Order());
    }

    [Fact]
    public async Task WaitToIdentifyAsync_MaxConcurrencyTwo_TwoBucketsGoTogetherAndEachWaitsFiveSeconds()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = Limiter(time, new GatewayLogSink<GatewayIdentifyLimiter>());
        var limit = new PaperBot.Discord.Models.SessionStartLimit { Total = 1000, Remaining = 1000, ResetAfter = 3_600_000, MaxConcurrency = 2 };

        await limiter.WaitForSessionStartAsync(limit, CancellationToken.None);
        var shard0 = limiter.WaitToIdentifyAsync(0, CancellationToken.None);
        var shard1 = limiter.WaitToIdentifyAsync(1, CancellationToken.None);
        var shard2 = limiter.WaitToIdentifyAsync(2, CancellationToken.None);
        var shard3 = limiter.WaitToIdentifyAsync(3, CancellationToken.None);
        await Task.WhenAll(shard0, shard1).WaitAsync(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(4.999));
        var earlyDone = shard2.IsCompleted || shard3.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(shard2, shard3).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(earlyDone);
        Assert.Equal(996, limiter.Remaining);
    }

    /// <summary>
    /// Waits (on the real clock) until <paramref name="condition"/> holds; false only once <paramref name="progress"/>
    /// has not changed for <see cref="StallLimit"/>, so a slow machine waits longer and a stuck test still fails.
    /// </summary>
    private static async Task<bool> WhileMovingAsync<T>(FakeDiscordServer server, Func<bool> condition, Func<T> progress)
    {
        var seen = progress();
        var quiet = Stopwatch.StartNew();
        while (!await server.WaitUntilAsync(condition, TimeSpan.FromSeconds(1)))
        {
            var now = progress();
            if (!EqualityComparer<T>.Default.Equals(now, seen))
            {
                (seen, quiet) = (now, Stopwatch.StartNew());
            }
            else if (quiet.Elapsed > StallLimit)
            {
                return false;
            }
        }

        return true;
    }

    private static GatewayIdentifyLimiter Limiter(TimeProvider time, GatewayLogSink<GatewayIdentifyLimiter> log) =>
        new(Options.Create(new DiscordGatewayOptions()), time, log);

    private static DiscordGatewayClient Client(FakeDiscordServer server, TimeProvider time, GatewayIdentifyLimiter limiter, int shardId, int shardCount)
    {
        DiscordRestClient rest = TestClients.Create(new SocketsHttpHandler(), time, o =>
        {
            o.Token = server.BotToken;
            o.RestBaseUrl = server.RestBaseUrl;
        });
        return new DiscordGatewayClient(
            Options.Create(new DiscordOptions { Token = server.BotToken, ShardId = shardId, ShardCount = shardCount }),
            // The fake clock jumps 5 s at a time: no HELLO timeout may fire because a busy machine was slow to connect.
            Options.Create(new DiscordGatewayOptions { HelloTimeout = TimeSpan.FromHours(1) }),
            new RestGatewayUrlSource(rest),
            time,
            new GatewayLogSink<DiscordGatewayClient>(),
            new Random(7),
            limiter);
    }
}
