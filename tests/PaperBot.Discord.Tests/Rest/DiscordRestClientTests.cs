using System.Net;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.Rest.Support;

namespace PaperBot.Discord.Tests.Rest;

public sealed class DiscordRestClientTests
{
    private static readonly MessageCreate Hello = new() { Content = "hello" };

    [Fact]
    public async Task CreateMessage_BotRoute_SendsAuthorizationUserAgentAndJson()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.MessageJson(42));
        var client = TestClients.Create(handler);

        var message = await client.CreateMessageAsync(42, Hello, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v10/channels/42/messages", request.Path);
        Assert.Equal($"Bot {TestClients.Token}", request.Headers["Authorization"]);
        Assert.Matches(@"^DiscordBot \(https://github\.com/paperbot/paperbot, \d+\.\d+\.\d+.*\)$", request.Headers["User-Agent"]);
        Assert.Equal("application/json", request.ContentType);
        Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", request.Body, StringComparison.Ordinal);
        Assert.Contains("\"enforce_nonce\":true", request.Body, StringComparison.Ordinal);
        Assert.Equal(900UL, message.Id);
    }

    [Fact]
    public async Task CreateInteractionResponse_CallbackRoute_UsesTokenInPathAndNoBotAuthorization()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.NoContent());
        var client = TestClients.Create(handler);

        await client.CreateInteractionResponseAsync(77, "interaction-token", InteractionResponse.DeferredMessage(ephemeral: true), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/api/v10/interactions/77/interaction-token/callback", request.Path);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("{\"type\":5,\"data\":{\"flags\":64,\"allowed_mentions\":{\"parse\":[]}}}", request.Body);
    }

    [Theory]
    [InlineData("🔖", "/reactions/%F0%9F%94%96/@me")]
    [InlineData("paper:123456", "/reactions/paper%3A123456/@me")]
    public async Task AddOwnReaction_Emoji_IsUrlEncoded(string emoji, string expectedSuffix)
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.NoContent());
        var client = TestClients.Create(handler);

        await client.AddOwnReactionAsync(1, 2, emoji, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.EndsWith(expectedSuffix, request.Uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateMessage_WithFiles_SendsMultipartWithPayloadJsonAndAttachments()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);
        var file = new DiscordFile("library.bib", "@article{x}"u8.ToArray(), "text/plain");

        await client.CreateMessageAsync(1, new MessageCreate { Content = "export" }, [file], CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("multipart/form-data", request.ContentType);
        Assert.Contains("name=payload_json", request.Body, StringComparison.Ordinal);
        Assert.Contains("\"attachments\":[{\"id\":0,\"filename\":\"library.bib\"}]", request.Body, StringComparison.Ordinal);
        Assert.Contains("name=\"files[0]\"; filename=library.bib", request.Body, StringComparison.Ordinal);
        Assert.Contains("@article{x}", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_429_RetriesAfterRetryAfter()
    {
        var handler = new ScriptedHandler((r, i) => i == 0
            ? ScriptedHandler.Json(429, """{"message":"You are being rate limited.","retry_after":0.05,"global":false}""", ("X-RateLimit-Scope", "user"), ("Retry-After", "1"))
            : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);

        var message = await client.CreateMessageAsync(1, Hello, CancellationToken.None);

        Assert.Equal(900UL, message.Id);
        Assert.Equal(2, handler.Count);
        Assert.Equal(1, client.Metrics.TooManyRequestsReceived);
        Assert.Equal(1, client.Metrics.Retries);
        Assert.Equal(2, client.Metrics.RequestsSent);
    }

    [Fact]
    public async Task Send_429_WaitsRetryAfterFromBody()
    {
        var time = new FakeTimeProvider();
        var sentAt = new System.Collections.Concurrent.ConcurrentDictionary<int, DateTimeOffset>();
        var handler = new ScriptedHandler((r, i) =>
        {
            sentAt[i] = time.GetUtcNow();
            return i == 0
                ? ScriptedHandler.Json(429, """{"message":"You are being rate limited.","retry_after":3.5,"global":false}""")
                : ScriptedHandler.MessageJson();
        });
        var client = TestClients.Create(handler, time);

        var send = client.CreateMessageAsync(1, Hello, CancellationToken.None);
        Assert.True(await TestClients.EventuallyAsync(() => client.Metrics.TooManyRequestsReceived == 1));
        time.Advance(TimeSpan.FromSeconds(3.4));
        await Task.Delay(100);
        var sentBefore = handler.Count;
        time.Advance(TimeSpan.FromSeconds(0.1));
        await send.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, sentBefore);
        Assert.Equal(2, handler.Count);
        Assert.Equal(TimeSpan.FromSeconds(3.5), sentAt[1] - sentAt[0]);
    }

    [Fact]
    public async Task Send_Shared429_RetriedAndCountedAsShared()
    {
        var handler = new ScriptedHandler((r, i) => i == 0
            ? ScriptedHandler.Json(429, """{"message":"The resource is being rate limited.","retry_after":0.02,"global":false}""", ("X-RateLimit-Scope", "shared"))
            : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);

        await client.CreateMessageAsync(1, Hello, CancellationToken.None);

        Assert.Equal(2, handler.Count);
        Assert.Equal(1, client.Metrics.SharedTooManyRequestsReceived);
        Assert.Equal(0, client.Metrics.GlobalTooManyRequestsReceived);
    }

    [Fact]
    public async Task Send_429Forever_ThrowsAfterMaxRateLimitRetries()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.Json(429, """{"message":"You are being rate limited.","retry_after":0.001,"global":false}"""));
        var client = TestClients.Create(handler, configure: o => o.MaxRateLimitRetries = 2);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.GetChannelAsync(1, CancellationToken.None));

        Assert.Equal((HttpStatusCode)429, ex.StatusCode);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Send_Global429_PausesEveryRequestUntilItPasses()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((r, i) => i == 0
            ? ScriptedHandler.Json(429, """{"message":"You are being rate limited.","retry_after":2,"global":true}""", ("X-RateLimit-Global", "true"), ("X-RateLimit-Scope", "global"))
            : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler, time);

        var first = client.CreateMessageAsync(1, Hello, CancellationToken.None);
        Assert.True(await TestClients.EventuallyAsync(() => client.Metrics.GlobalTooManyRequestsReceived == 1));
        var other = client.GetChannelAsync(2, CancellationToken.None);
        await Task.Delay(100);
        var sentDuringPause = handler.Count;
        time.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(first, other).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, sentDuringPause);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Send_5xxThenSuccess_RetriesWithBackoff()
    {
        var handler = new ScriptedHandler((r, i) => i < 2 ? ScriptedHandler.Json(502 + i, "<html>bad gateway</html>") : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);

        var message = await client.CreateMessageAsync(1, Hello, CancellationToken.None);

        Assert.Equal(900UL, message.Id);
        Assert.Equal(3, handler.Count);
        Assert.Equal(2, client.Metrics.Retries);
        var nonces = handler.Requests.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("nonce").GetString()).Distinct();
        Assert.Single(nonces);
    }

    [Fact]
    public async Task Send_5xxEveryTime_ThrowsAfterMaxRetries()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.Json(500, """{"message":"Internal Server Error","code":0}"""));
        var client = TestClients.Create(handler, configure: o => o.MaxRetries = 2);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(1, Hello, CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Send_NetworkError_RetriesThenSucceeds()
    {
        var handler = new ScriptedHandler((r, i) => i == 0 ? throw new HttpRequestException("connection reset") : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);

        await client.CreateMessageAsync(1, Hello, CancellationToken.None);

        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task CreateInteractionResponse_RetryAfterLostAnswerGets40060_IsDone()
    {
        // The first attempt reached Discord but its answer was lost: the retry is told the interaction is
        // already acknowledged, which is the result the call wanted.
        const string acknowledged = """{"message":"Interaction has already been acknowledged.","code":40060}""";
        var handler = new ScriptedHandler((r, i) => i == 0 ? throw new HttpRequestException("connection reset") : ScriptedHandler.Json(400, acknowledged));
        var client = TestClients.Create(handler);

        await client.CreateInteractionResponseAsync(10, "itoken", InteractionResponse.DeferredMessage(), CancellationToken.None);

        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task DeleteOriginal_RetryAfterLostAnswerGets404_IsDone_ButA404OnTheFirstAttemptThrows()
    {
        const string unknown = """{"message":"Unknown Message","code":10008}""";
        var lost = new ScriptedHandler((r, i) => i == 0 ? throw new HttpRequestException("connection reset") : ScriptedHandler.Json(404, unknown));
        await TestClients.Create(lost).DeleteOriginalResponseAsync(10, "itoken", CancellationToken.None);
        Assert.Equal(2, lost.Count);

        var missing = new ScriptedHandler((r, i) => ScriptedHandler.Json(404, unknown));
        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => TestClients.Create(missing).DeleteOriginalResponseAsync(10, "itoken", CancellationToken.None));
        Assert.Equal(10008, ex.Code);
    }

    [Fact]
    public async Task CreateInteractionResponse_40060OnTheFirstAttempt_Throws()
    {
        // Without an earlier attempt, "already acknowledged" means the bot answered twice: a bug to surface.
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.Json(400, """{"message":"Interaction has already been acknowledged.","code":40060}"""));
        var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateInteractionResponseAsync(10, "itoken", InteractionResponse.DeferredMessage(), CancellationToken.None));

        Assert.Equal(40060, ex.Code);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task CreateFollowup_AnswerLost_IsNotSentAgainAndSaysTheOutcomeIsUnknown()
    {
        // Discord takes no nonce on a followup: a second attempt after a lost answer could post it twice.
        var handler = new ScriptedHandler((r, i) => i == 0 ? throw new HttpRequestException("connection reset") : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateFollowupAsync(10, "itoken", Hello, CancellationToken.None));

        Assert.True(ex.OutcomeUnknown);
        Assert.Null(ex.StatusCode);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task CreateFollowup_Timeout_IsNotSentAgain()
    {
        var handler = new ScriptedHandler(async (r, i) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), r.Aborted);
            return ScriptedHandler.MessageJson();
        });
        var client = TestClients.Create(handler, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(50));

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateFollowupAsync(10, "itoken", Hello, CancellationToken.None));

        Assert.True(ex.OutcomeUnknown);
        Assert.Equal(1, handler.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(504)]
    public async Task CreateFollowup_ServerErrorThatMayComeAfterTheWork_IsNotSentAgain(int status)
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.Json(status, """{"message":"Internal Server Error","code":0}"""));
        var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateFollowupAsync(10, "itoken", Hello, CancellationToken.None));

        Assert.True(ex.OutcomeUnknown);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task CreateFollowup_NoConnectionOr502_IsRetried()
    {
        // Neither reached Discord's API: a refused connection never sent the request, and Discord documents
        // 502 as "no gateway available to process your request; wait a bit and retry".
        var handler = new ScriptedHandler((r, i) => i switch
        {
            0 => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"),
            1 => ScriptedHandler.Json(502, "<html>bad gateway</html>"),
            _ => ScriptedHandler.MessageJson(),
        });
        var client = TestClients.Create(handler);

        var message = await client.CreateFollowupAsync(10, "itoken", Hello, CancellationToken.None);

        Assert.Equal(900UL, message.Id);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Send_Timeout_RetriesThenThrows()
    {
        var handler = new ScriptedHandler(async (r, i) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), r.Aborted);
            return ScriptedHandler.MessageJson();
        });
        var client = TestClients.Create(handler, configure: o => { o.RequestTimeout = TimeSpan.FromMilliseconds(50); o.MaxRetries = 1; });

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.GetChannelAsync(1, CancellationToken.None));

        Assert.Null(ex.StatusCode);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Send_400InvalidFormBody_ThrowsWithCodeMessageAndFlattenedFieldErrors()
    {
        const string body = """
            {"code":50035,"message":"Invalid Form Body","errors":{
              "content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]},
              "embeds":{"0":{"fields":{"1":{"value":{"_errors":[{"code":"BASE_TYPE_REQUIRED","message":"This field is required"}]}}}}}}}
            """;
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.Json(400, body));
        var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(1, Hello, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(50035, ex.Code);
        Assert.Equal("Invalid Form Body", ex.DiscordMessage);
        Assert.Equal(["content: Must be 2000 or fewer in length.", "embeds.0.fields.1.value: This field is required"], ex.FieldErrors);
        Assert.Equal("POST /channels/{channel_id}/messages", ex.Route);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Send_403MissingPermissions_ThrowsWithCodeAndDoesNotRetry()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.Json(403, """{"message":"Missing Permissions","code":50013}"""));
        var client = TestClients.Create(handler);

        var ex = await Assert.ThrowsAsync<DiscordHttpException>(() => client.AddOwnReactionAsync(1, 2, "🔖", CancellationToken.None));

        Assert.Equal(50013, ex.Code);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task CreateMessage_OverLimits_RefusedBeforeAnythingIsSent()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler);

        await Assert.ThrowsAsync<DiscordPayloadException>(() => client.CreateMessageAsync(1, new MessageCreate { Content = new string('x', 2001) }, CancellationToken.None));
        await Assert.ThrowsAsync<DiscordPayloadException>(() => client.CreateInteractionResponseAsync(1, "t", InteractionResponse.Message(new() { Embeds = [.. Enumerable.Range(0, 11).Select(_ => new Embed { Title = "x" })] }), CancellationToken.None));
        await Assert.ThrowsAsync<DiscordPayloadException>(() => client.EditOriginalResponseAsync(1, "t", new MessageEdit { Content = new string('x', 2001) }, CancellationToken.None));

        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task BulkOverwriteGuildCommands_ReturnsCommandsWithIds()
    {
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.Json(200, """[{"id":"1","application_id":"2","guild_id":"3","name":"paper","description":"Papers","type":1,"version":"9"}]"""));
        var client = TestClients.Create(handler);

        var commands = await client.BulkOverwriteGuildCommandsAsync(2, 3, [new ApplicationCommand { Name = "paper", Description = "Papers" }], CancellationToken.None);

        Assert.Equal("/api/v10/applications/2/guilds/3/commands", handler.Requests[0].Path);
        Assert.Equal("PUT", handler.Requests[0].Method);
        Assert.Equal(1UL, Assert.Single(commands).Id);
    }
}
