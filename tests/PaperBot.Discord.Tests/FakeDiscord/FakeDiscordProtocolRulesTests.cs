using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.FakeDiscord;

/// <summary>The fake refuses what Discord's documentation says Discord refuses, so client tests can catch a client that breaks the rules.</summary>
public sealed class FakeDiscordProtocolRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Resume_OnGatewayUrlInsteadOfResumeUrl_InvalidSessionFalse()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatTimeout = TimeSpan.FromSeconds(10) });
        var (sessionId, seq) = await IdentifyAndDropAsync(server);

        await using var wrong = await RawGateway.ConnectAsync(server);
        await wrong.ReceiveAsync();
        await wrong.SendAsync(Resume(server, sessionId, seq));
        var answer = await wrong.ReceiveAsync();

        Assert.Equal(9, answer!["op"]!.GetValue<int>());
        Assert.False(answer["d"]!.GetValue<bool>());
        Assert.Equal(0, server.ResumeCount);
        Assert.Equal(1, server.RefusedResumeCount);
    }

    [Fact]
    public async Task Resume_WithoutSeq_InvalidSessionFalse()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatTimeout = TimeSpan.FromSeconds(10) });
        var (sessionId, _) = await IdentifyAndDropAsync(server);

        await using var resume = await RawGateway.ConnectAsync(server, server.ResumeGatewayUrl);
        await resume.ReceiveAsync();
        await resume.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = server.BotToken, ["session_id"] = sessionId, ["seq"] = null } });
        var answer = await resume.ReceiveAsync();

        Assert.Equal(9, answer!["op"]!.GetValue<int>());
        Assert.False(answer["d"]!.GetValue<bool>());
        Assert.Equal(0, server.ResumeCount);
    }

    [Theory]
    [InlineData("", 4012)]
    [InlineData("?encoding=json", 4012)]
    [InlineData("?v=9&encoding=json", 4012)]
    [InlineData("?v=10", 4002)]
    public async Task Connect_WithoutV10AndJson_Closed(string query, int expected)
    {
        await using var server = await FakeDiscordServer.StartAsync();
        await using var gateway = await RawGateway.ConnectAsync(server, query: query);
        await gateway.ReceiveAsync();

        Assert.Equal(expected, await gateway.ReadCloseAsync());
    }

    [Fact]
    public async Task Identify_SameBucketWithinFiveSeconds_InvalidSessionFalse_OtherBucketAllowed()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { TimeProvider = time, MaxConcurrency = 2 });

        var shard0 = await IdentifyAsync(server, shard: 0, shardCount: 4);
        var shard1 = await IdentifyAsync(server, shard: 1, shardCount: 4);
        var shard2TooSoon = await IdentifyAsync(server, shard: 2, shardCount: 4);
        time.Advance(TimeSpan.FromSeconds(5));
        var shard2Later = await IdentifyAsync(server, shard: 2, shardCount: 4);

        Assert.Equal("READY", shard0["t"]!.GetValue<string>());
        Assert.Equal("READY", shard1["t"]!.GetValue<string>());
        Assert.Equal(9, shard2TooSoon["op"]!.GetValue<int>());
        Assert.Equal("READY", shard2Later["t"]!.GetValue<string>());
        Assert.Equal(1, server.RefusedIdentifyCount);
        Assert.Equal([0, 1, 2], server.IdentifyTimes.Select(i => i.ShardId));
        Assert.Equal([(2, Start, 0, Start)], server.TooSoonIdentifies);
    }

    [Fact]
    public async Task GatewayBot_ReportsSessionStartLimit_CountedByIdentify()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            TimeProvider = time,
            SessionStartTotal = 3,
            SessionStartRemaining = 1,
            SessionStartResetAfter = TimeSpan.FromSeconds(90),
            MaxConcurrency = 16,
        });
        using var http = FakeRest.BotClient(server);

        var (_, before) = await FakeRest.SendAsync(http, HttpMethod.Get, "/gateway/bot");
        await IdentifyAsync(server, shard: 0, shardCount: 1);
        time.Advance(TimeSpan.FromSeconds(30));
        var (_, after) = await FakeRest.SendAsync(http, HttpMethod.Get, "/gateway/bot");

        Assert.Equal(1, before!["session_start_limit"]!["remaining"]!.GetValue<int>());
        Assert.Equal(90_000, before["session_start_limit"]!["reset_after"]!.GetValue<long>());
        Assert.Equal(16, before["session_start_limit"]!["max_concurrency"]!.GetValue<int>());
        Assert.Equal(0, after!["session_start_limit"]!["remaining"]!.GetValue<int>());
        Assert.Equal(60_000, after["session_start_limit"]!["reset_after"]!.GetValue<long>());
    }

    [Fact]
    public async Task Identify_SessionStartBudgetUsedUp_Closes4004()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { SessionStartRemaining = 0 });
        await using var gateway = await RawGateway.ConnectAsync(server);
        await gateway.ReceiveAsync();

        await gateway.SendAsync(RawGateway.Identify(server.BotToken));

        Assert.Equal(4004, await gateway.ReadCloseAsync());
        Assert.Equal(0, server.IdentifyCount);
        Assert.Equal(1, server.RefusedIdentifyCount);
    }

    [Fact]
    public async Task CreateMessage_EnforcedNonceRepeated_ReturnsFirstMessage()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var channel = server.CreateChannel(server.CreateGuild());
        using var http = FakeRest.BotClient(server);
        JsonObject Body(string content, bool enforce) => new() { ["content"] = content, ["nonce"] = "digest-1.2", ["enforce_nonce"] = enforce };

        var (_, first) = await FakeRest.SendAsync(http, HttpMethod.Post, $"/channels/{channel}/messages", Body("first", enforce: true));
        var (second, repeat) = await FakeRest.SendAsync(http, HttpMethod.Post, $"/channels/{channel}/messages", Body("second", enforce: true));
        var (_, unenforced) = await FakeRest.SendAsync(http, HttpMethod.Post, $"/channels/{channel}/messages", Body("third", enforce: false));

        Assert.True(second.IsSuccessStatusCode);
        Assert.Equal(first!["id"]!.GetValue<string>(), repeat!["id"]!.GetValue<string>());
        Assert.Equal("first", repeat["content"]!.GetValue<string>());
        Assert.NotEqual(first["id"]!.GetValue<string>(), unenforced!["id"]!.GetValue<string>());
        Assert.Equal(["first", "third"], server.GetMessages(channel).Select(m => m.Content));
    }

    private static JsonObject Resume(FakeDiscordServer server, string sessionId, int seq) =>
        new() { ["op"] = 6, ["d"] = new JsonObject { ["token"] = server.BotToken, ["session_id"] = sessionId, ["seq"] = seq } };

    private static async Task<(string SessionId, int Seq)> IdentifyAndDropAsync(FakeDiscordServer server)
    {
        await using var first = await RawGateway.ConnectAsync(server);
        await first.ReceiveAsync();
        await first.SendAsync(RawGateway.Identify(server.BotToken));
        var ready = await first.ReceiveUntilAsync(f => f["t"]?.GetValue<string>() == "READY");
        await server.DropConnectionAsync();
        await server.WaitUntilAsync(() => !server.IsGatewayReady, TimeSpan.FromSeconds(2));
        return (ready["d"]!["session_id"]!.GetValue<string>(), ready["s"]!.GetValue<int>());
    }

    /// <summary>Identifies one shard on a fresh connection; returns READY or the op 9 that refused it.</summary>
    private static async Task<JsonObject> IdentifyAsync(FakeDiscordServer server, int shard, int shardCount)
    {
        var gateway = await RawGateway.ConnectAsync(server);
        await gateway.ReceiveAsync();
        var identify = RawGateway.Identify(server.BotToken);
        identify["d"]!["shard"] = new JsonArray(shard, shardCount);
        await gateway.SendAsync(identify);
        return await gateway.ReceiveUntilAsync(f => f["t"]?.GetValue<string>() == "READY" || f["op"]?.GetValue<int>() == 9);
    }
}
