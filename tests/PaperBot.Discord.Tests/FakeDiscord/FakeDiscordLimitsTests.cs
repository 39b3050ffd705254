using System.Net;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.FakeDiscord;

/// <summary>The fake's configurable limits: global requests per second, gateway send rate, unknown channels, with_response callbacks.</summary>
public sealed class FakeDiscordLimitsTests
{
    [Fact]
    public async Task Requests_OverGlobalLimit_Get429GlobalButInteractionCallbacksAreExempt()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { GlobalRequestsPerSecond = 2 });
        using var http = FakeRest.BotClient(server);
        var guild = server.CreateGuild();
        var channel = server.CreateChannel(guild);
        var interaction = await server.InjectSlashCommandAsync("paper", null, guild, channel, userId: 5);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await FakeRest.SendAsync(http, HttpMethod.Get, "users/@me")).Response.StatusCode);
        }

        var (callback, _) = await FakeRest.SendAsync(http, HttpMethod.Post, $"interactions/{interaction.Id}/{interaction.Token}/callback", new JsonObject { ["type"] = 5 });
        var (limited, body) = await FakeRest.SendAsync(http, HttpMethod.Get, "users/@me");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429], statuses);
        Assert.Equal(HttpStatusCode.NoContent, callback.StatusCode);
        Assert.Equal("true", FakeRest.Header(limited, "X-RateLimit-Global"));
        Assert.True(body!["global"]!.GetValue<bool>());
        Assert.Equal(2, server.TooManyRequestsSent);
    }

    [Fact]
    public async Task Request_WithoutUserAgent_IsRejected()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.RestBaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bot", server.BotToken);

        var (response, _) = await FakeRest.SendAsync(http, HttpMethod.Get, "users/@me");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(server.Rejections);
    }

    [Fact]
    public async Task GetChannel_UnknownWithoutAutoCreate_Returns10003()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { AutoCreateChannels = false });
        using var http = FakeRest.BotClient(server);
        var known = server.CreateChannel(server.CreateGuild());

        var (unknown, body) = await FakeRest.SendAsync(http, HttpMethod.Get, "channels/123456789012345678");
        var (found, channel) = await FakeRest.SendAsync(http, HttpMethod.Get, $"channels/{known}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(10003, body!["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("papers", channel!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Callback_WithResponse_ReturnsTheCreatedMessage()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        using var http = FakeRest.Client(server);
        var guild = server.CreateGuild();
        var interaction = await server.InjectSlashCommandAsync("paper", null, guild, server.CreateChannel(guild), userId: 5);

        var (response, body) = await FakeRest.SendAsync(http, HttpMethod.Post, $"interactions/{interaction.Id}/{interaction.Token}/callback?with_response=true",
            new JsonObject { ["type"] = 4, ["data"] = new JsonObject { ["content"] = "hi", ["flags"] = 64 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hi", body!["resource"]!["message"]!["content"]!.GetValue<string>());
        Assert.True(body["interaction"]!["response_message_ephemeral"]!.GetValue<bool>());
        Assert.True(interaction.OriginalMessage!.Ephemeral);
    }

    [Fact]
    public async Task Gateway_ClientOverSendRate_Closes4008()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { GatewaySendLimit = 3 });
        await using var gateway = await RawGateway.ConnectAsync(server);
        await gateway.ReceiveAsync();

        for (var i = 0; i < 4; i++)
        {
            await gateway.SendAsync(new JsonObject { ["op"] = 1, ["d"] = null });
        }

        Assert.Equal(4008, await gateway.ReadCloseAsync());
        Assert.Equal(3, server.HeartbeatCount);
    }
}
