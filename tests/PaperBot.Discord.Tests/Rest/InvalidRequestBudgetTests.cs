using System.Net;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.Rest.Support;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Rest;

/// <summary>Discord's invalid request limit (10,000 answers of 401/403/429 in 10 minutes bans the IP), a revoked token, and the interaction endpoints' exemption from the global limit.</summary>
public sealed class InvalidRequestBudgetTests
{
    private static readonly MessageCreate Hello = new() { Content = "hello" };

    [Fact]
    public async Task Send_429StormFromTheFake_InvalidCountNeverPassesHalfOfDiscordsLimit()
    {
        const int discordLimit = 40;
        await using var fake = await FakeDiscordServer.StartAsync();
        var guild = fake.CreateGuild();
        var channels = Enumerable.Range(0, 8).Select(i => fake.CreateChannel(guild, $"c{i}")).ToList();
        var client = TestClients.Create(new SocketsHttpHandler(), configure: o =>
        {
            o.Token = fake.BotToken;
            o.RestBaseUrl = fake.RestBaseUrl;
            o.InvalidRequestLimit = discordLimit;
            o.MaxRateLimitRetries = 100;
        });
        fake.FailNextRequests(10_000, 429, retryAfterSeconds: 0.001);
        using var stop = new CancellationTokenSource();

        var sends = channels.Select(c => client.CreateMessageAsync(c, Hello, stop.Token)).ToList();
        Assert.True(await TestClients.EventuallyAsync(() => client.InvalidRequestCount >= discordLimit / 2, 5000), $"count {client.InvalidRequestCount}");
        var highest = 0;
        for (var i = 0; i < 20; i++)
        {
            highest = Math.Max(highest, Math.Max(client.InvalidRequestCount, fake.TooManyRequestsSent));
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(sends));

        Assert.Equal(discordLimit / 2, highest);
        Assert.Equal(discordLimit / 2, fake.TooManyRequestsSent);
        Assert.Equal(discordLimit / 2, client.Metrics.InvalidRequestsInWindow);
        Assert.Empty(fake.GetMessages(channels[0]));
    }

    [Fact]
    public async Task Send_InvalidAnswersLeaveTheTenMinuteWindow_RequestsFlowAgain()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((r, i) => i < 2 ? ScriptedHandler.Json(403, """{"message":"Missing Permissions","code":50013}""") : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler, time, o => o.InvalidRequestLimit = 4);

        await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(1, Hello, CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(2, Hello, CancellationToken.None));
        var held = client.CreateMessageAsync(3, Hello, CancellationToken.None);
        await Task.Delay(50);
        var sentWhileFull = handler.Count;
        time.Advance(TimeSpan.FromMinutes(9));
        await held.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, sentWhileFull);
        Assert.Equal(3, handler.Count);
        Assert.Equal(1, client.InvalidRequestCount);
    }

    [Fact]
    public async Task Send_Shared429_DoesNotCountAsInvalid()
    {
        var handler = new ScriptedHandler((r, i) => i == 0
            ? ScriptedHandler.Json(429, """{"message":"The resource is being rate limited.","retry_after":0.01,"global":false}""", ("X-RateLimit-Scope", "shared"))
            : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);

        await client.CreateMessageAsync(1, Hello, CancellationToken.None);

        Assert.Equal(0, client.InvalidRequestCount);
    }

    [Fact]
    public async Task Send_401OnBotRoute_NoMoreBotTokenRequestsAndTokenRejectedNamesTheRoute()
    {
        var handler = new ScriptedHandler((r, i) => r.Path.Contains("/callback", StringComparison.Ordinal)
            ? ScriptedHandler.NoContent()
            : ScriptedHandler.Json(401, """{"message":"401: Unauthorized","code":0}"""));
        var (client, limiter) = TestClients.CreateWithLimiter(handler);

        var first = await Assert.ThrowsAsync<DiscordHttpException>(() => client.GetChannelAsync(1, CancellationToken.None));
        var second = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(1, Hello, CancellationToken.None));
        await client.CreateInteractionResponseAsync(10, "itoken", InteractionResponse.DeferredMessage(), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal("GET /channels/{channel_id}", await limiter.TokenRejected.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, handler.Count);
        Assert.DoesNotContain(handler.Requests, r => r.Path.Contains("/messages", StringComparison.Ordinal));
        Assert.Equal(1, client.InvalidRequestCount);
    }

    [Fact]
    public async Task CreateFollowupAndEditOriginal_DuringGlobal429Pause_GoOutWithoutWaiting()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((r, i) => i == 0
            ? ScriptedHandler.Json(429, """{"message":"You are being rate limited.","retry_after":60,"global":true}""", ("X-RateLimit-Global", "true"), ("X-RateLimit-Scope", "global"))
            : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler, time);

        var paused = client.CreateMessageAsync(1, Hello, CancellationToken.None);
        Assert.True(await TestClients.EventuallyAsync(() => client.Metrics.GlobalTooManyRequestsReceived == 1));
        var followup = await client.CreateFollowupAsync(77, "itoken", Hello, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await client.EditOriginalResponseAsync(77, "itoken", new MessageEdit { Content = "edited" }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(followup);
        Assert.False(paused.IsCompleted);
        Assert.Equal(3, handler.Count);
        time.Advance(TimeSpan.FromSeconds(60));
        await paused.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, handler.Count);
    }
}
