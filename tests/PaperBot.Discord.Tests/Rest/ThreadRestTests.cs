using System.Net;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.Rest.Support;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Rest;

/// <summary>Start Thread from Message and Modify Channel (archive) through our client against the fake.</summary>
public sealed class ThreadRestTests : IAsyncLifetime
{
    private FakeDiscordServer _fake = null!;
    private DiscordRestClient _client = null!;
    private ulong _channel;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync();
        _client = TestClients.Create(new SocketsHttpHandler(), configure: o =>
        {
            o.Token = _fake.BotToken;
            o.RestBaseUrl = _fake.RestBaseUrl;
            o.MaxRetries = 0;
        });
        _channel = _fake.CreateChannel(_fake.CreateGuild());
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task StartThreadFromMessage_OnOwnMessage_ThreadTakesTheMessageIdAndTakesMessages()
    {
        var message = await _client.CreateMessageAsync(_channel, new MessageCreate { Content = "Journal club" }, CancellationToken.None);

        var thread = await _client.StartThreadFromMessageAsync(_channel, message.Id, new StartThreadFromMessage { Name = "Discussion", AutoArchiveDuration = 10080 }, CancellationToken.None);
        await _client.CreateMessageAsync(thread.Id, new MessageCreate { Content = "in the thread" }, CancellationToken.None);

        Assert.Equal(message.Id, thread.Id);
        Assert.Equal(ChannelType.PublicThread, thread.Type);
        Assert.Equal(_channel, thread.ParentId);
        Assert.Equal(10080, thread.ThreadMetadata?.AutoArchiveDuration);
        var recorded = Assert.Single(_fake.Threads);
        Assert.Equal("Discussion", recorded.Name);
        Assert.Equal("in the thread", Assert.Single(_fake.GetMessages(thread.Id)).Content);
        Assert.Empty(_fake.Rejections);
    }

    [Fact]
    public async Task ModifyThread_Archive_ThreadIsArchived()
    {
        var message = await _client.CreateMessageAsync(_channel, new MessageCreate { Content = "Journal club" }, CancellationToken.None);
        var thread = await _client.StartThreadFromMessageAsync(_channel, message.Id, new StartThreadFromMessage { Name = "Discussion" }, CancellationToken.None);

        var archived = await _client.ModifyThreadAsync(thread.Id, new ModifyThread { Archived = true }, CancellationToken.None);

        Assert.True(archived.ThreadMetadata?.Archived);
        Assert.True(Assert.Single(_fake.Threads).Archived);
    }

    [Fact]
    public async Task StartThreadFromMessage_SameMessageTwice_DiscordRefusesTheSecond()
    {
        var message = await _client.CreateMessageAsync(_channel, new MessageCreate { Content = "Journal club" }, CancellationToken.None);
        await _client.StartThreadFromMessageAsync(_channel, message.Id, new StartThreadFromMessage { Name = "Discussion" }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DiscordHttpException>(() => _client.StartThreadFromMessageAsync(_channel, message.Id, new StartThreadFromMessage { Name = "Again" }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(160004, error.Code);
    }

    [Theory]
    [InlineData("", 60)]
    [InlineData("x", 30)]
    public async Task StartThreadFromMessage_NameOrDurationOutsideDiscordsLimits_RefusedBeforeSending(string name, int minutes)
    {
        var before = _fake.Requests.Count;

        await Assert.ThrowsAsync<DiscordPayloadException>(() => _client.StartThreadFromMessageAsync(_channel, 1, new StartThreadFromMessage { Name = name, AutoArchiveDuration = minutes }, CancellationToken.None));

        Assert.Equal(before, _fake.Requests.Count);
    }

    [Fact]
    public async Task StartThreadFromMessage_NameOf101Characters_RefusedBeforeSending()
    {
        var error = await Assert.ThrowsAsync<DiscordPayloadException>(() => _client.StartThreadFromMessageAsync(_channel, 1, new StartThreadFromMessage { Name = new string('x', 101) }, CancellationToken.None));

        Assert.Equal("name", error.Field);
    }
}
