using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.FakeDiscord;

public sealed class FakeDiscordInteractionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private FakeDiscordServer _server = null!;
    private HttpClient _http = null!;
    private ulong _guild;
    private ulong _channel;

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { TimeProvider = _time });
        _http = FakeRest.Client(_server);
        _guild = _server.CreateGuild();
        _channel = _server.CreateChannel(_guild);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Callback_Twice_SecondGets40060()
    {
        var interaction = await Slash();

        var (first, _) = await Callback(interaction, Reply("found 3 papers"));
        var (second, body) = await Callback(interaction, Reply("again"));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(40060, body!["code"]!.GetValue<int>());
        Assert.Equal(4, interaction.ResponseType);
        Assert.Equal("found 3 papers", interaction.OriginalMessage!.Content);
        Assert.Equal(204, (await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(2))).StatusCode);
    }

    [Fact]
    public async Task Callback_AfterDeadline_Gets10062AndInitialResponseFaults()
    {
        var interaction = await Slash();
        _time.Advance(TimeSpan.FromSeconds(3.5));

        var (late, body) = await Callback(interaction, Reply("too late"));

        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        Assert.Equal(10062, body!["code"]!.GetValue<int>());
        await Assert.ThrowsAsync<TimeoutException>(() => interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Null(interaction.OriginalMessage);
    }

    [Fact]
    public async Task DeferredThenEditOriginal_CompletesTheMessageAndFollowupKeepsEphemeralFlag()
    {
        var interaction = await Slash();

        var (deferred, _) = await Callback(interaction, new JsonObject { ["type"] = 5 });
        var (edited, _) = await FakeRest.SendAsync(_http, HttpMethod.Patch, $"webhooks/{_server.ApplicationId}/{interaction.Token}/messages/@original", new JsonObject { ["content"] = "results" });
        var (followup, _) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"webhooks/{_server.ApplicationId}/{interaction.Token}", new JsonObject { ["content"] = "only you", ["flags"] = 64 });

        Assert.Equal(HttpStatusCode.NoContent, deferred.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, followup.StatusCode);
        Assert.Equal("results", interaction.OriginalMessage!.Content);
        Assert.False(interaction.OriginalMessage.Loading);
        Assert.True(Assert.Single(interaction.FollowupMessages).Ephemeral);
        Assert.Single(interaction.Followups);
        Assert.Empty(_server.Rejections);
    }

    [Fact]
    public async Task EditOriginal_BeforeAnyResponse_Gets10008()
    {
        var interaction = await Slash();

        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Patch, $"webhooks/{_server.ApplicationId}/{interaction.Token}/messages/@original", new JsonObject { ["content"] = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(10008, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Autocomplete_26Choices_Gets50035AndMessageTypeIsRefused()
    {
        var options = new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = "trans" });
        var interaction = await _server.InjectAutocompleteAsync("paper", options, _guild, _channel, userId: 7);
        var choices = new JsonArray(Enumerable.Range(0, 26).Select(i => (JsonNode)new JsonObject { ["name"] = $"n{i}", ["value"] = $"v{i}" }).ToArray());

        var (wrongType, _) = await Callback(interaction, Reply("not for autocomplete"));
        var (tooMany, body) = await Callback(interaction, new JsonObject { ["type"] = 8, ["data"] = new JsonObject { ["choices"] = choices } });

        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.NotNull(body!["errors"]!["data"]!["choices"]);
        Assert.True(interaction.Payload["data"]!["options"]![0]!["focused"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ComponentUpdate_OnBotMessage_CarriesMessageAndUpdatesIt()
    {
        var slash = await Slash();
        var row = new JsonObject { ["type"] = 1, ["components"] = new JsonArray(new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = "Next", ["custom_id"] = "page:2" }) };
        await Callback(slash, new JsonObject { ["type"] = 4, ["data"] = new JsonObject { ["content"] = "page 1", ["components"] = new JsonArray(row) } });
        var messageId = slash.OriginalMessage!.Id;

        var click = await _server.InjectComponentAsync("page:2", messageId, _channel, _guild, userId: 7);
        var (update, _) = await Callback(click, new JsonObject { ["type"] = 7, ["data"] = new JsonObject { ["content"] = "page 2" } });

        Assert.Equal(messageId.ToString(), click.Payload["message"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Equal("page 2", _server.GetMessage(messageId)!.Content);
        Assert.Single(_server.GetMessage(messageId)!.Components);
    }

    private Task<InjectedInteraction> Slash() =>
        _server.InjectSlashCommandAsync("paper", new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = "transformers" }), _guild, _channel, userId: 7);

    private static JsonObject Reply(string content) =>
        new() { ["type"] = 4, ["data"] = new JsonObject { ["content"] = content, ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() } } };

    private Task<(HttpResponseMessage Response, JsonNode? Body)> Callback(InjectedInteraction interaction, JsonObject body) =>
        FakeRest.SendAsync(_http, HttpMethod.Post, $"interactions/{interaction.Id}/{interaction.Token}/callback", body);
}
