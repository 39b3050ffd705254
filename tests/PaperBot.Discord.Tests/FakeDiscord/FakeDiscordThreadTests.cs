using System.Net;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.FakeDiscord;

/// <summary>The fake's threads against channel.md and topics/threads, over raw HTTP.</summary>
public sealed class FakeDiscordThreadTests : IAsyncLifetime
{
    private FakeDiscordServer _fake = null!;
    private HttpClient _http = null!;
    private ulong _channel;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync();
        _http = FakeRest.BotClient(_fake);
        _channel = _fake.CreateChannel(_fake.CreateGuild());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData(101, 60, "name")]
    [InlineData(10, 120, "auto_archive_duration")]
    public async Task StartThread_OutsideDocumentedLimits_50035NamingTheField(int nameLength, int minutes, string field)
    {
        var message = await PostAsync(_channel, "announcement");

        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{_channel}/messages/{message}/threads",
            new JsonObject { ["name"] = new string('n', nameLength), ["auto_archive_duration"] = minutes });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50035, body!["code"]!.GetValue<int>());
        Assert.NotNull(body["errors"]![field]);
        Assert.Empty(_fake.Threads);
    }

    [Fact]
    public async Task StartThread_UnknownMessage_10008()
    {
        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{_channel}/messages/12345/threads", new JsonObject { ["name"] = "t" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(10008, body!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task SendMessage_ArchivedAndLockedThread_400With50083()
    {
        var thread = await StartThreadAsync();
        _fake.ArchiveThread(thread, locked: true);

        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{thread}/messages", new JsonObject { ["content"] = "late" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(50083, body!["code"]!.GetValue<int>());
        Assert.Empty(_fake.GetMessages(thread));
    }

    [Fact]
    public async Task SendMessage_ArchivedUnlockedThread_UnarchivesIt()
    {
        var thread = await StartThreadAsync();
        var (archive, archived) = await FakeRest.SendAsync(_http, HttpMethod.Patch, $"channels/{thread}", new JsonObject { ["archived"] = true });
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        Assert.True(archived!["thread_metadata"]!["archived"]!.GetValue<bool>());

        var (response, _) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{thread}/messages", new JsonObject { ["content"] = "still talking" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(Assert.Single(_fake.Threads).Archived);
    }

    private async Task<ulong> StartThreadAsync()
    {
        var message = await PostAsync(_channel, "announcement");
        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{_channel}/messages/{message}/threads", new JsonObject { ["name"] = "Discussion" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(11, body!["type"]!.GetValue<int>());
        Assert.Equal(message.ToString(System.Globalization.CultureInfo.InvariantCulture), body["id"]!.GetValue<string>());
        return message;
    }

    private async Task<ulong> PostAsync(ulong channel, string content)
    {
        var (response, body) = await FakeRest.SendAsync(_http, HttpMethod.Post, $"channels/{channel}/messages", new JsonObject { ["content"] = content });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ulong.Parse(body!["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
