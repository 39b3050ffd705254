using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.FakeDiscord;
using PaperBot.Discord.Tests.Rest.Support;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Rest;

/// <summary>Files on interaction answers: the client's multipart requests on the callback, followup and @original routes, against the fake.</summary>
public sealed class InteractionFileTests : IAsyncLifetime
{
    private FakeDiscordServer _fake = null!;
    private DiscordRestClient _client = null!;
    private HttpClient _http = null!;
    private ulong _guild;
    private ulong _channel;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions());
        _client = TestClients.Create(new SocketsHttpHandler(), configure: o =>
        {
            o.Token = _fake.BotToken;
            o.RestBaseUrl = _fake.RestBaseUrl;
        });
        _http = FakeRest.Client(_fake);
        _guild = _fake.CreateGuild();
        _channel = _fake.CreateChannel(_guild);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task CreateInteractionResponse_WithFile_SendsMultipartAndTheAnswerHasTheAttachment()
    {
        var interaction = await Slash();
        var data = new InteractionCallbackData { Content = "Your library", Flags = MessageFlags.Ephemeral };

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message(data), [Bib("library.bib", "@article{a,\n}")], CancellationToken.None);

        var request = await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("files[0]", Assert.Single(request.Files).FieldName);
        Assert.Equal(0, request.Json!["data"]!["attachments"]![0]!["id"]!.GetValue<int>());
        Assert.Equal("library.bib", request.Json["data"]!["attachments"]![0]!["filename"]!.GetValue<string>());
        var original = interaction.OriginalMessage!;
        Assert.True(original.Ephemeral);
        var attachment = Assert.Single(original.Attachments);
        Assert.Equal("library.bib", attachment.FileName);
        Assert.Equal("text/x-bibtex", attachment.ContentType);
        Assert.Equal("@article{a,\n}", Encoding.UTF8.GetString(attachment.Content));
        Assert.Empty(_fake.Rejections);
    }

    [Fact]
    public async Task EditOriginalResponse_AfterDeferral_UploadsTheFileAndReturnsItsAttachment()
    {
        var interaction = await Slash();
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.DeferredMessage(ephemeral: true), CancellationToken.None);

        var message = await _client.EditOriginalResponseAsync(_fake.ApplicationId, interaction.Token, new MessageEdit { Content = "Exported 2 papers" }, [Bib("library.bib", "@misc{b,\n}")], CancellationToken.None);

        var attachment = Assert.Single(message.Attachments!);
        Assert.Equal("library.bib", attachment.Filename);
        Assert.Equal(10, attachment.Size);
        Assert.False(string.IsNullOrEmpty(attachment.Url));
        var original = interaction.OriginalMessage!;
        Assert.False(original.Loading);
        Assert.Equal("@misc{b,\n}", Encoding.UTF8.GetString(Assert.Single(original.Attachments).Content));
        using (var cdn = new HttpClient())
        {
            using var download = await cdn.GetAsync(new Uri(attachment.Url!));
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("text/x-bibtex", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("@misc{b,\n}", await download.Content.ReadAsStringAsync());
        }

        var patch = _fake.Requests.Single(r => r.Method == "PATCH");
        Assert.Equal("library.bib", Assert.Single(patch.Files).FileName);
        Assert.Empty(_fake.Rejections);
    }

    [Fact]
    public async Task CreateFollowup_WithTwoFiles_BothAttachedInOrder()
    {
        var interaction = await Slash();
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message(new() { Content = "first" }), CancellationToken.None);

        var message = await _client.CreateFollowupAsync(_fake.ApplicationId, interaction.Token, new MessageCreate { Content = "exports" },
            [Bib("library.bib", "@a{x,}"), new DiscordFile("library.csv", "id,title\n"u8.ToArray(), "text/csv")], CancellationToken.None);

        Assert.Equal(["library.bib", "library.csv"], message.Attachments!.Select(a => a.Filename));
        var stored = Assert.Single(interaction.FollowupMessages);
        Assert.Equal("id,title\n", Encoding.UTF8.GetString(stored.Attachments[1].Content));
        Assert.Equal(["files[0]", "files[1]"], Assert.Single(interaction.Followups).Files.Select(f => f.FieldName));
        Assert.Empty(_fake.Rejections);
    }

    [Fact]
    public async Task CreateFollowup_ElevenFiles_RefusedBeforeSending()
    {
        var interaction = await Slash();
        var files = Enumerable.Range(0, 11).Select(i => Bib($"f{i}.bib", "x")).ToList();

        var error = await Assert.ThrowsAsync<DiscordPayloadException>(() =>
            _client.CreateFollowupAsync(_fake.ApplicationId, interaction.Token, new MessageCreate { Content = "too many" }, files, CancellationToken.None));

        Assert.Equal("files", error.Field);
        Assert.DoesNotContain(_fake.Requests, r => r.Path.StartsWith("/webhooks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateInteractionResponse_FileOver10MiB_ClearErrorInsteadOf413()
    {
        var interaction = await Slash();
        var big = new DiscordFile("huge.jsonl", new byte[(int)DiscordLimits.FileBytes + 1], "application/jsonl");

        var error = await Assert.ThrowsAsync<DiscordPayloadException>(() =>
            _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message(new() { Content = "x" }), [big], CancellationToken.None));

        Assert.Equal("files[0]", error.Field);
        Assert.Contains("huge.jsonl", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Fake_AttachmentIdWithoutAFile_Rejects50035OnThatEntry()
    {
        var interaction = await Slash();
        using var form = Form("""{"type":4,"data":{"content":"x","attachments":[{"id":0,"filename":"a.bib"},{"id":5,"filename":"ghost.bib"}]}}""", 1);

        using var response = await _http.PostAsync($"interactions/{interaction.Id}/{interaction.Token}/callback", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rejection = Assert.Single(_fake.Rejections);
        Assert.Equal(50035, rejection.Code);
        Assert.NotNull(rejection.ErrorBody["errors"]!["data"]?["attachments"]?["1"]?["id"] ?? rejection.ErrorBody["errors"]!["attachments"]?["1"]?["id"]);
        Assert.Null(interaction.OriginalMessage);
    }

    [Fact]
    public async Task Fake_MultipartWithoutPayloadJson_Rejects50035()
    {
        var interaction = await Slash();
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message(new() { Content = "first" }), CancellationToken.None);
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent("x"u8.ToArray()), "files[0]", "a.bib");

        using var response = await _http.PostAsync($"webhooks/{_fake.ApplicationId}/{interaction.Token}", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rejection = Assert.Single(_fake.Rejections);
        Assert.Equal(50035, rejection.Code);
        Assert.NotNull(rejection.ErrorBody["errors"]!["payload_json"]);
        Assert.Empty(interaction.FollowupMessages);
    }

    [Fact]
    public async Task Fake_ElevenFilesOnFollowup_Rejects50035()
    {
        var interaction = await Slash();
        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Message(new() { Content = "first" }), CancellationToken.None);
        using var form = Form("""{"content":"many"}""", 11);

        using var response = await _http.PostAsync($"webhooks/{_fake.ApplicationId}/{interaction.Token}", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(Assert.Single(_fake.Rejections).ErrorBody["errors"]!["attachments"]);
        Assert.Empty(interaction.FollowupMessages);
    }

    private Task<InjectedInteraction> Slash() =>
        _fake.InjectSlashCommandAsync("library", new JsonArray(new JsonObject { ["name"] = "export", ["type"] = 1 }), _guild, _channel, userId: 7);

    private static DiscordFile Bib(string name, string text) => new(name, Encoding.UTF8.GetBytes(text), "text/x-bibtex");

    private static MultipartFormDataContent Form(string payloadJson, int files)
    {
        var form = new MultipartFormDataContent();
        var payload = new StringContent(payloadJson);
        payload.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(payload, "payload_json");
        for (var i = 0; i < files; i++)
        {
            form.Add(new ByteArrayContent("x"u8.ToArray()), $"files[{i}]", $"f{i}.bib");
        }

        return form;
    }
}
