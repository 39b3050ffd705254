using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.FakeDiscord;

public sealed class FakeDiscordRestTests : IAsyncLifetime
{
    private FakeDiscordServer _server = null!;
    private HttpClient _http = null!;
    private ulong _channel;

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { ChannelMessageLimit = 3, ChannelMessageWindow = TimeSpan.FromSeconds(30) });
        _http = FakeRest.BotClient(_server);
        _channel = _server.CreateChannel(_server.CreateGuild());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetGatewayBot_WithoutAuthorization_Returns401()
    {
        using var anonymous = FakeRest.Client(_server);
        using var wrong = FakeRest.Client(_server, "not-the-token");

        var (missing, missingBody) = await FakeRest.SendAsync(anonymous, HttpMethod.Get, "gateway/bot");
        var (bad, badBody) = await FakeRest.SendAsync(wrong, HttpMethod.Get, "gateway/bot");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("401: Unauthorized", missingBody!["message"]!.GetValue<string>());
        Assert.Equal(0, badBody!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetGatewayBot_WithToken_ReturnsGatewayUrlAndHeaders()
    {
        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Get, "gateway/bot");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_server.GatewayUrl.ToString().TrimEnd('/'), body!["url"]!.GetValue<string>());
        Assert.Equal(1, body["shards"]!.GetValue<int>());
        Assert.NotEmpty(FakeRest.Header(response, "X-RateLimit-Bucket"));
    }

    [Fact]
    public async Task CreateMessage_Content2001Chars_Returns50035NamingContent()
    {
        var (response, body) = await Post(new JsonObject { ["content"] = new string('a', 2001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50035, body!["code"]!.GetValue<int>());
        Assert.Equal("BASE_TYPE_MAX_LENGTH", body["errors"]!["content"]!["_errors"]![0]!["code"]!.GetValue<string>());
        Assert.Single(_server.Rejections);
        Assert.Empty(_server.GetMessages(_channel));
    }

    [Fact]
    public async Task CreateMessage_Content2000Chars_IsAccepted()
    {
        var (response, body) = await Post(new JsonObject { ["content"] = new string('a', 2000) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_server.BotUserId.ToString(), body!["author"]!["id"]!.GetValue<string>());
        Assert.Equal(2000, Assert.Single(_server.GetMessages(_channel)).Content.Length);
        Assert.Empty(_server.Rejections);
    }

    [Fact]
    public async Task CreateMessage_ElevenEmbeds_Returns50035NamingEmbeds()
    {
        var embeds = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["title"] = $"t{i}" }).ToArray());

        var (response, body) = await Post(new JsonObject { ["embeds"] = embeds });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["embeds"]!["_errors"]);
    }

    [Fact]
    public async Task CreateMessage_EmbedTextOver6000InTotal_Returns50035()
    {
        // Each embed is within its own limits (4096 description); together they pass 6000.
        var embeds = new JsonArray(
            new JsonObject { ["description"] = new string('x', 4000) },
            new JsonObject { ["description"] = new string('y', 2001) });

        var (response, body) = await Post(new JsonObject { ["embeds"] = embeds });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MAX_EMBED_SIZE_EXCEEDED", body!["errors"]!["embeds"]!["_errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateMessage_CustomId101Chars_Returns50035NamingTheButton()
    {
        var row = new JsonObject
        {
            ["type"] = 1,
            ["components"] = new JsonArray(new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = "Save", ["custom_id"] = new string('c', 101) }),
        };

        var (response, body) = await Post(new JsonObject { ["content"] = "x", ["components"] = new JsonArray(row) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["components"]!["0"]!["components"]!["0"]!["custom_id"]);
    }

    [Fact]
    public async Task CreateMessage_NothingToShow_Returns50006()
    {
        var (response, body) = await Post(new JsonObject { ["content"] = "", ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50006, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateMessage_Multipart_StoresPayloadAndFile()
    {
        using var form = new MultipartFormDataContent();
        var payload = new StringContent("""{"content":"export","attachments":[{"id":0,"filename":"library.bib"}],"allowed_mentions":{"parse":[]}}""");
        payload.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(payload, "payload_json");
        form.Add(new ByteArrayContent("@article{x}"u8.ToArray()), "files[0]", "library.bib");

        using var response = await _http.PostAsync($"channels/{_channel}/messages", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(_server.GetMessages(_channel));
        Assert.Equal("export", message.Content);
        Assert.Equal("library.bib", Assert.Single(message.Attachments).FileName);
        Assert.Equal("@article{x}"u8.ToArray(), message.Attachments[0].Content);
        Assert.NotNull(message.AllowedMentions);
    }

    [Fact]
    public async Task CreateMessage_BurstBeyondChannelBucket_HeadersCountDownThen429()
    {
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (ok, _) = await Post(new JsonObject { ["content"] = $"m{i}" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(FakeRest.Header(ok, "X-RateLimit-Remaining"));
        }

        var (limited, body) = await Post(new JsonObject { ["content"] = "one too many" });

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal("user", FakeRest.Header(limited, "X-RateLimit-Scope"));
        Assert.False(body!["global"]!.GetValue<bool>());
        Assert.InRange(body["retry_after"]!.GetValue<double>(), 0.001, 30);
        Assert.Equal(1, _server.TooManyRequestsSent);
        Assert.Equal(3, _server.GetMessages(_channel).Count);
    }

    [Fact]
    public async Task CreateMessage_OtherChannel_HasItsOwnBucketWithTheSameHash()
    {
        var other = _server.CreateChannel(_server.CreateGuild("Other"));
        var (first, _) = await Post(new JsonObject { ["content"] = "a" });
        var (second, _) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{other}/messages", new JsonObject { ["content"] = "b" });

        Assert.Equal("2", FakeRest.Header(second, "X-RateLimit-Remaining"));
        Assert.Equal(FakeRest.Header(first, "X-RateLimit-Bucket"), FakeRest.Header(second, "X-RateLimit-Bucket"));
    }

    [Fact]
    public async Task CreateMessage_DeletedChannel_Returns10003()
    {
        _server.DeleteChannel(_channel);

        var (response, body) = await Post(new JsonObject { ["content"] = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(10003, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateMessage_PermissionDenied_Returns50013()
    {
        _server.DenyPermission(_channel);

        var (response, body) = await Post(new JsonObject { ["content"] = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(50013, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task PutReaction_OwnMessage_RecordsEmojiAndUnknownMessageIs10008()
    {
        var (_, created) = await Post(new JsonObject { ["content"] = "paper" });
        var id = created!["id"]!.GetValue<string>();

        var (put, _) = await FakeRest.SendAsync(_http, HttpMethod.Put, $"channels/{_channel}/messages/{id}/reactions/{Uri.EscapeDataString("🔖")}/@me");
        var (unknown, body) = await FakeRest.SendAsync(_http, HttpMethod.Put, $"channels/{_channel}/messages/123456789/reactions/{Uri.EscapeDataString("🔖")}/@me");

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(["🔖"], _server.GetMessages(_channel)[0].BotReactions);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(10008, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task FailNextRequests_Injected500And429_ThenRecovers()
    {
        _server.FailNextRequests(1, 500);
        var (failed, _) = await Post(new JsonObject { ["content"] = "x" });
        _server.FailNextRequests(1, 429, retryAfterSeconds: 0.25, global: true);
        var (limited, body) = await Post(new JsonObject { ["content"] = "x" });
        var (ok, _) = await Post(new JsonObject { ["content"] = "x" });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.Equal("true", FakeRest.Header(limited, "X-RateLimit-Global"));
        Assert.True(body!["global"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Empty(_server.Rejections);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task OverwriteCommands_UppercaseNameAnd26Choices_Returns50035NamingEach()
    {
        var choices = new JsonArray(Enumerable.Range(0, 26).Select(i => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["value"] = $"v{i}" }).ToArray());
        var commands = new JsonArray(
            new JsonObject { ["name"] = "Paper", ["description"] = "Search papers" },
            new JsonObject
            {
                ["name"] = "digest",
                ["description"] = "Digest",
                ["options"] = new JsonArray(new JsonObject { ["type"] = 3, ["name"] = "topic", ["description"] = "Topic", ["choices"] = choices }),
            });

        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Put, $"applications/{_server.ApplicationId}/commands", commands);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["0"]!["name"]);
        Assert.NotNull(body["errors"]!["1"]!["options"]!["0"]!["choices"]);
        Assert.Equal(0, _server.CommandOverwriteCount);
    }

    [Fact]
    public async Task OverwriteCommands_Twice_KeepsIdsForTheSameName()
    {
        var commands = new JsonArray(new JsonObject { ["name"] = "paper", ["description"] = "Search papers" });
        var path = $"applications/{_server.ApplicationId}/commands";

        var (_, first) = await FakeRest.SendAsync(_http, HttpMethod.Put, path, commands);
        var (_, second) = await FakeRest.SendAsync(_http, HttpMethod.Put, path, commands);

        Assert.Equal(first![0]!["id"]!.GetValue<string>(), second![0]!["id"]!.GetValue<string>());
        Assert.Equal(2, _server.CommandOverwriteCount);
        Assert.Equal("paper", Assert.Single(_server.RegisteredCommands())["name"]!.GetValue<string>());
    }

    private Task<(HttpResponseMessage Response, JsonNode? Body)> Post(JsonObject payload) =>
        FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{_channel}/messages", payload);
}
