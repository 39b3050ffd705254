using System.Text.Json.Nodes;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.FakeDiscord;

public sealed class FakeDiscordGatewayTests : IAsyncLifetime
{
    private FakeDiscordServer _server = null!;
    private ulong _guild;

    public async Task InitializeAsync()
    {
        // A generous timeout: a busy CI machine must not time sessions out in tests about something else.
        _server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(300), HeartbeatTimeout = TimeSpan.FromSeconds(10) });
        _guild = _server.CreateGuild("Lab");
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Identify_ValidToken_HelloThenReadyThenGuildCreate()
    {
        await using var gateway = await RawGateway.ConnectAsync(_server);

        var hello = await gateway.ReceiveAsync();
        await gateway.SendAsync(RawGateway.Identify(_server.BotToken));
        var ready = await gateway.ReceiveAsync();
        var guild = await gateway.ReceiveAsync();
        await _server.WaitForReadyAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(10, hello!["op"]!.GetValue<int>());
        Assert.Equal(300, hello["d"]!["heartbeat_interval"]!.GetValue<int>());
        Assert.Equal("READY", ready!["t"]!.GetValue<string>());
        Assert.Equal(1, ready["s"]!.GetValue<int>());
        Assert.Equal(10, ready["d"]!["v"]!.GetValue<int>());
        Assert.Equal(_server.BotUserId.ToString(), ready["d"]!["user"]!["id"]!.GetValue<string>());
        Assert.True(ready["d"]!["guilds"]![0]!["unavailable"]!.GetValue<bool>());
        Assert.Equal(_server.ResumeGatewayUrl.ToString().TrimEnd('/'), ready["d"]!["resume_gateway_url"]!.GetValue<string>());
        Assert.NotEqual(_server.GatewayUrl, _server.ResumeGatewayUrl);
        Assert.Equal("GUILD_CREATE", guild!["t"]!.GetValue<string>());
        Assert.Equal(2, guild["s"]!.GetValue<int>());
        Assert.Equal(_guild.ToString(), guild["d"]!["id"]!.GetValue<string>());
        Assert.Equal(1, _server.IdentifyCount);
    }

    [Fact]
    public async Task Heartbeat_IsAcknowledgedUnlessDisabled()
    {
        await using var gateway = await RawGateway.ConnectAsync(_server);
        await gateway.ReceiveAsync();

        await gateway.SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });
        var ack = await gateway.ReceiveAsync();
        _server.AcknowledgeHeartbeats = false;
        await gateway.SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });
        await _server.WaitUntilAsync(() => _server.HeartbeatCount == 2, TimeSpan.FromSeconds(2));
        var silence = await ReceiveOrTimeoutAsync(gateway, TimeSpan.FromMilliseconds(150));

        Assert.Equal(11, ack!["op"]!.GetValue<int>());
        Assert.Null(silence);
        Assert.Equal(2, _server.HeartbeatCount);
    }

    [Fact]
    public async Task Resume_AfterDrop_ReplaysMissedDispatchesThenResumed()
    {
        string sessionId;
        int lastSeq;
        await using (var first = await RawGateway.ConnectAsync(_server))
        {
            await first.ReceiveAsync();
            await first.SendAsync(RawGateway.Identify(_server.BotToken));
            var ready = await first.ReceiveUntilAsync(f => f["t"]?.GetValue<string>() == "READY");
            sessionId = ready["d"]!["session_id"]!.GetValue<string>();
            lastSeq = (await first.ReceiveUntilAsync(f => f["t"]?.GetValue<string>() == "GUILD_CREATE"))["s"]!.GetValue<int>();
            await _server.DropConnectionAsync();
        }

        await _server.WaitUntilAsync(() => !_server.IsGatewayReady, TimeSpan.FromSeconds(2));
        await _server.DispatchAsync("CUSTOM_EVENT", new JsonObject { ["n"] = 1, ["guild_id"] = _guild.ToString() });
        await _server.DispatchAsync("CUSTOM_EVENT", new JsonObject { ["n"] = 2, ["guild_id"] = _guild.ToString() });

        await using var second = await RawGateway.ConnectAsync(_server, _server.ResumeGatewayUrl);
        await second.ReceiveAsync();
        await second.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = _server.BotToken, ["session_id"] = sessionId, ["seq"] = lastSeq } });
        var replay1 = await second.ReceiveAsync();
        var replay2 = await second.ReceiveAsync();
        var resumed = await second.ReceiveAsync();

        Assert.Equal([1, 2], new[] { replay1!["d"]!["n"]!.GetValue<int>(), replay2!["d"]!["n"]!.GetValue<int>() });
        Assert.Equal(lastSeq + 1, replay1["s"]!.GetValue<int>());
        Assert.Equal(lastSeq + 2, replay2["s"]!.GetValue<int>());
        Assert.Equal("RESUMED", resumed!["t"]!.GetValue<string>());
        Assert.Equal(1, _server.ResumeCount);
    }

    [Fact]
    public async Task Resume_UnknownSession_GetsInvalidSessionFalse()
    {
        await using var gateway = await RawGateway.ConnectAsync(_server);
        await gateway.ReceiveAsync();

        await gateway.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = _server.BotToken, ["session_id"] = "nope", ["seq"] = 3 } });
        var invalid = await gateway.ReceiveAsync();

        Assert.Equal(9, invalid!["op"]!.GetValue<int>());
        Assert.False(invalid["d"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Identify_WrongToken_Closes4004()
    {
        await using var gateway = await RawGateway.ConnectAsync(_server);
        await gateway.ReceiveAsync();

        await gateway.SendAsync(RawGateway.Identify("wrong-token"));

        Assert.Equal(4004, await gateway.ReadCloseAsync());
        Assert.Equal(0, _server.IdentifyCount);
    }

    [Fact]
    public async Task Identify_PrivilegedIntentNotAllowed_Closes4014()
    {
        await using var gateway = await RawGateway.ConnectAsync(_server);
        await gateway.ReceiveAsync();

        await gateway.SendAsync(RawGateway.Identify(_server.BotToken, intents: 1 | (1 << 15)));

        Assert.Equal(4014, await gateway.ReadCloseAsync());
    }

    [Fact]
    public async Task Send_UnknownOpAndGarbage_Close4001And4002()
    {
        await using var unknownOp = await RawGateway.ConnectAsync(_server);
        await using var garbage = await RawGateway.ConnectAsync(_server);
        await unknownOp.ReceiveAsync();
        await garbage.ReceiveAsync();

        await unknownOp.SendAsync(new JsonObject { ["op"] = 42, ["d"] = null });
        await garbage.SendRawAsync("{not json");

        Assert.Equal(4001, await unknownOp.ReadCloseAsync());
        Assert.Equal(4002, await garbage.ReadCloseAsync());
    }

    [Fact]
    public async Task NoHeartbeat_WithinOneAndAHalfIntervals_Closes4009()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200) });
        await using var gateway = await RawGateway.ConnectAsync(server);
        await gateway.ReceiveAsync();
        await gateway.SendAsync(RawGateway.Identify(server.BotToken));

        Assert.Equal(4009, await gateway.ReadCloseAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task InjectSlashCommand_LiveSession_DispatchesInteractionCreate()
    {
        var channel = _server.CreateChannel(_guild);
        await using var gateway = await RawGateway.ConnectAsync(_server);
        await gateway.ReceiveAsync();
        await gateway.SendAsync(RawGateway.Identify(_server.BotToken));
        await _server.WaitForReadyAsync(TimeSpan.FromSeconds(2));

        var injected = await _server.InjectSlashCommandAsync("paper", new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = "rag" }), _guild, channel, userId: 99, memberPermissions: "8");
        var frame = await gateway.ReceiveUntilAsync(f => f["t"]?.GetValue<string>() == "INTERACTION_CREATE");

        var d = frame["d"]!;
        Assert.Equal(injected.Id.ToString(), d["id"]!.GetValue<string>());
        Assert.Equal(injected.Token, d["token"]!.GetValue<string>());
        Assert.Equal(2, d["type"]!.GetValue<int>());
        Assert.Equal("paper", d["data"]!["name"]!.GetValue<string>());
        Assert.Equal("rag", d["data"]!["options"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("99", d["member"]!["user"]!["id"]!.GetValue<string>());
        Assert.Equal("8", d["member"]!["permissions"]!.GetValue<string>());
        Assert.Equal(channel.ToString(), d["channel_id"]!.GetValue<string>());
    }

    private static async Task<JsonObject?> ReceiveOrTimeoutAsync(RawGateway gateway, TimeSpan timeout)
    {
        try
        {
            return await gateway.ReceiveAsync(timeout);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
