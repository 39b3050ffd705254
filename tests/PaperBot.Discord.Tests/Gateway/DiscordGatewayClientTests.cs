using System.Text.Json.Nodes;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Models;
using PaperBot.Discord.Tests.Gateway.Support;

namespace PaperBot.Discord.Tests.Gateway;

/// <summary>The client against the fake Discord over real loopback sockets: connect, identify, heartbeat, typed events.</summary>
public sealed class DiscordGatewayClientTests
{
    [Fact]
    public async Task RunAsync_ValidToken_IdentifiesWithTokenAndIntentsAndExposesReady()
    {
        await using var h = await GatewayHarness.StartAsync();

        var ready = await h.WaitForReadyAsync();

        var identify = Assert.Single(h.Server.ReceivedGatewayPayloads, p => (int)p["op"]! == 2);
        var d = identify["d"]!.AsObject();
        Assert.Equal(GatewayHarness.Token, (string?)d["token"]);
        Assert.Equal(DiscordOptions.DefaultIntents, (int)d["intents"]!);
        Assert.Equal("PaperBot", (string?)d["properties"]!["browser"]);
        Assert.Equal("PaperBot", (string?)d["properties"]!["device"]);
        Assert.False(d.ContainsKey("shard"));

        Assert.Equal(h.Server.ApplicationId, h.Client.ApplicationId);
        Assert.Equal(h.Server.BotUserId, h.Client.BotUserId);
        Assert.Equal(ready.SessionId, h.Client.SessionId);
        Assert.False(string.IsNullOrEmpty(h.Client.SessionId));
        await h.Handler.WaitUntilAsync(e => e.Count > 0, "READY delivered");
        Assert.IsType<ReadyEvent>(h.Handler.Events[0]);
        Assert.Equal(1, h.Client.Counters.Identifies);
        Assert.Equal(1, h.Client.Counters.Connects);
    }

    [Fact]
    public async Task RunAsync_ShardConfigured_IdentifiesWithShardPair()
    {
        await using var h = await GatewayHarness.StartAsync(configureDiscord: o => (o.ShardId, o.ShardCount) = (1, 2));

        await h.WaitForReadyAsync();

        var identify = Assert.Single(h.Server.ReceivedGatewayPayloads, p => (int)p["op"]! == 2);
        Assert.Equal([1, 2], identify["d"]!["shard"]!.AsArray().Select(n => (int)n!));
    }

    [Fact]
    public async Task RunAsync_ShortHeartbeatInterval_BeatsCarryLastSequenceAndGetAcked()
    {
        // Short enough for several beats in the test, long enough that a busy machine still ACKs each in time.
        await using var h = await GatewayHarness.StartAsync(configureFake: o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(400));
        await h.WaitForReadyAsync();
        await h.DispatchNumbersAsync([1, 2]);
        await h.WaitForNumbersAsync(2);

        var beatsBefore = h.Server.HeartbeatCount;
        await h.WaitForFakeAsync(s => s.HeartbeatCount >= beatsBefore + 2, "two more heartbeats");

        var last = h.Server.ReceivedGatewayPayloads.Last(p => (int)p["op"]! == 1);
        Assert.Equal(h.Client.LastSequence, (long)last["d"]!);
        Assert.True(h.Client.LastSequence >= 3, $"READY and two dispatches should have moved the sequence, got {h.Client.LastSequence}");
        Assert.True(h.Client.Counters.HeartbeatAcks >= 1);
        Assert.Equal(1, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task RunAsync_ServerRequestsHeartbeat_BeatsAtOnce()
    {
        // A long interval and a late first beat, so the only heartbeat in the window is the requested one.
        await using var h = await GatewayHarness.StartAsync(
            configureFake: o => o.HeartbeatInterval = TimeSpan.FromSeconds(30),
            random: new FixedRandom(0.99));
        await h.WaitForReadyAsync();
        Assert.Equal(0, h.Server.HeartbeatCount);

        await h.Server.RequestHeartbeatAsync();

        await h.WaitForFakeAsync(s => s.HeartbeatCount == 1, "the requested heartbeat");
    }

    [Fact]
    public async Task RunAsync_InjectedInteraction_ReachesHandlerAsTypedEvent()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        await h.Server.DispatchAsync("INTERACTION_CREATE", JsonNode.Parse("""
            {"id":"880000000000000001","application_id":"1100000000000000001","type":2,"token":"interaction-token",
             "version":1,"guild_id":"810000000000000001","channel_id":"820000000000000001",
             "member":{"user":{"id":"830000000000000001","username":"ada"}},
             "data":{"id":"840000000000000001","name":"paper","type":1,"options":[{"name":"query","type":3,"value":"attention"}]}}
            """)!);

        await h.Handler.WaitUntilAsync(e => e.OfType<InteractionCreateEvent>().Any(), "the interaction");
        var created = h.Handler.Events.OfType<InteractionCreateEvent>().Single();
        Assert.Equal(880000000000000001UL, created.Interaction.Id);
        Assert.Equal(InteractionType.ApplicationCommand, created.Interaction.Type);
        Assert.Equal("paper", created.Interaction.GetCommandData().Name);
        Assert.Equal(830000000000000001UL, created.Interaction.InvokingUser?.Id);
    }

    [Fact]
    public async Task RunAsync_UnknownAndMalformedDispatches_SkippedWithoutDroppingConnection()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        await h.Server.DispatchAsync("SOMETHING_DISCORD_ADDS_LATER", new JsonObject { ["n"] = 1, ["nested"] = new JsonObject { ["x"] = true } });
        await h.Server.DispatchAsync("INTERACTION_CREATE", new JsonObject { ["id"] = "not-a-snowflake", ["type"] = 2 });
        await h.Server.DispatchAsync("MESSAGE_REACTION_ADD", JsonNode.Parse("""
            {"user_id":"1","channel_id":"2","message_id":"3","guild_id":"4","emoji":{"id":null,"name":"🔖"},"brand_new_field":[1]}
            """)!);

        await h.Handler.WaitUntilAsync(e => e.OfType<MessageReactionAddEvent>().Any(), "the reaction after the bad payload");
        var unknown = Assert.Single(h.Handler.Events.OfType<UnknownDispatchEvent>());
        Assert.Equal("SOMETHING_DISCORD_ADDS_LATER", unknown.Name);
        Assert.True(unknown.Data.GetProperty("nested").GetProperty("x").GetBoolean());
        Assert.Empty(h.Handler.Events.OfType<InteractionCreateEvent>());
        Assert.Equal(1, h.Client.Counters.PayloadsSkipped);
        Assert.Equal(1, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_LaterEventsStillDelivered()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Handler.ThrowOn = "BOOM";
        await h.WaitForReadyAsync();

        await h.Server.DispatchAsync("BOOM", new JsonObject());
        await h.DispatchNumbersAsync([1]);

        await h.WaitForNumbersAsync(1);
        Assert.Contains(h.Log.Lines, l => l.Contains("9217", StringComparison.Ordinal));
        Assert.Equal(1, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task RunAsync_LargeDispatch_ArrivesWhole()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        var channels = new JsonArray();
        for (var i = 0; i < 5_000; i++)
        {
            channels.Add(new JsonObject { ["id"] = (900_000_000_000_000_000UL + (ulong)i).ToString(), ["type"] = 0, ["name"] = $"channel-{i}-{new string('x', 100)}" });
        }

        await h.Server.DispatchAsync("GUILD_CREATE", new JsonObject { ["id"] = "810000000000000001", ["name"] = "Big", ["channels"] = channels });

        await h.Handler.WaitUntilAsync(e => e.OfType<GuildCreateEvent>().Any(g => g.Guild.Name == "Big"), "the large GUILD_CREATE");
        Assert.Equal(5_000, h.Handler.Events.OfType<GuildCreateEvent>().Single(g => g.Guild.Name == "Big").Guild.Channels!.Count);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsWithoutError()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        await h.StopAsync();

        Assert.True(h.Run.IsCompletedSuccessfully);
        Assert.Contains(h.Log.Lines, l => l.Contains("9220", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AnyScenario_NeverLogsToken()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.Server.DropConnectionAsync();
        await h.WaitForFakeAsync(s => s.ResumeCount == 1, "a resume");
        await h.Server.SendInvalidSessionAsync(resumable: false);
        await h.WaitForFakeAsync(s => s.IdentifyCount == 2, "a second identify");
        await h.StopAsync();

        Assert.NotEmpty(h.Log.Lines);
        Assert.DoesNotContain(h.Log.Lines, l => l.Contains(GatewayHarness.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(h.Log.Lines, l => l.Contains(GatewayHarness.Token[..10], StringComparison.Ordinal));
    }
}
