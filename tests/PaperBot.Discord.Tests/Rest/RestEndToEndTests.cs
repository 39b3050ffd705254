using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.Rest.Support;
using PaperBot.FakeDiscord;
using Xunit.Abstractions;

namespace PaperBot.Discord.Tests.Rest;

/// <summary>The REST client against the fake Discord server on loopback, with small rate-limit windows.</summary>
public sealed class RestEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ChannelLimit = 10;
    private const int GlobalPerSecond = 250;
    private static readonly TimeSpan ChannelWindow = TimeSpan.FromMilliseconds(200);

    private FakeDiscordServer _fake = null!;
    private DiscordRestClient _client = null!;
    private ulong _guildId;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            ChannelMessageLimit = ChannelLimit,
            ChannelMessageWindow = ChannelWindow,
            GlobalRequestsPerSecond = GlobalPerSecond,
        });
        _client = TestClients.Create(new SocketsHttpHandler(), configure: o =>
        {
            o.Token = _fake.BotToken;
            o.RestBaseUrl = _fake.RestBaseUrl;
            o.GlobalRequestsPerSecond = GlobalPerSecond;
            o.RateLimitMargin = TimeSpan.FromMilliseconds(10);
        });
        _guildId = _fake.CreateGuild();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task CreateMessage_200ToOneChannel_NoTooManyRequests()
    {
        var channel = _fake.CreateChannel(_guildId);
        var stopwatch = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _client.CreateMessageAsync(channel, new MessageCreate { Content = $"message {i}" }, CancellationToken.None)));

        Report(stopwatch.Elapsed, 200, 1);
        Assert.Equal(200, _fake.GetMessages(channel).Count);
        Assert.Equal(0, _fake.TooManyRequestsSent);
        Assert.Equal(0, _client.Metrics.TooManyRequestsReceived);
        Assert.Empty(_fake.Rejections);
    }

    [Fact]
    public async Task CreateMessage_500Over50Channels_NoTooManyRequests()
    {
        var channels = Enumerable.Range(0, 50).Select(i => _fake.CreateChannel(_guildId, $"papers-{i}")).ToArray();
        var stopwatch = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => _client.CreateMessageAsync(channels[i % 50], new MessageCreate { Content = $"message {i}" }, CancellationToken.None)));

        Report(stopwatch.Elapsed, 500, 50);
        Assert.All(channels, c => Assert.Equal(10, _fake.GetMessages(c).Count));
        Assert.Equal(0, _fake.TooManyRequestsSent);
        Assert.Equal(0, _client.Metrics.TooManyRequestsReceived);
    }

    [Fact]
    public async Task CreateMessage_Forced429_RetriedAfterRetryAfter()
    {
        // Fake and client share a fake clock: the fake records each attempt's time on it.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { TimeProvider = time });
        var client = TestClients.Create(new SocketsHttpHandler(), time, o =>
        {
            o.Token = fake.BotToken;
            o.RestBaseUrl = fake.RestBaseUrl;
            o.RateLimitMargin = TimeSpan.FromMilliseconds(10);
        });
        var channel = fake.CreateChannel(fake.CreateGuild());
        fake.FailNextRequests(1, 429, retryAfterSeconds: 0.2);

        var send = client.CreateMessageAsync(channel, new MessageCreate { Content = "after a 429" }, CancellationToken.None);
        Assert.True(await TestClients.EventuallyAsync(() => client.Metrics.TooManyRequestsReceived == 1));
        time.Advance(TimeSpan.FromMilliseconds(199));
        await Task.Delay(50);
        var attemptsBeforeRetryAfter = fake.Requests.Count(r => r.Method == "POST");
        time.Advance(TimeSpan.FromMilliseconds(11));
        var message = await send.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("after a 429", Assert.Single(fake.GetMessages(channel)).Content);
        Assert.Equal(channel, message.ChannelId);
        Assert.Equal(1, client.Metrics.TooManyRequestsReceived);
        Assert.Equal(1, attemptsBeforeRetryAfter);
        var attempts = fake.Requests.Where(r => r.Method == "POST").ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(200), $"retry {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms after the 429 (retry_after 200 ms)");
    }

    [Fact]
    public async Task CreateMessage_Two5xx_RetriedUntilSuccessAndPostedOnce()
    {
        var channel = _fake.CreateChannel(_guildId);
        _fake.FailNextRequests(2, 503);

        await _client.CreateMessageAsync(channel, new MessageCreate { Content = "survives 503s" }, CancellationToken.None);

        Assert.Equal("survives 503s", Assert.Single(_fake.GetMessages(channel)).Content);
        Assert.Equal([503, 503, 200], _fake.Requests.Where(r => r.Method == "POST").Select(r => r.StatusCode));
        Assert.Equal(2, _client.Metrics.Retries);
    }

    [Fact]
    public async Task Send_Global429_PausesAllRequests()
    {
        var channels = Enumerable.Range(0, 5).Select(i => _fake.CreateChannel(_guildId, $"c{i}")).ToArray();
        _fake.FailNextRequests(1, 429, retryAfterSeconds: 0.3, global: true);

        var first = _client.CreateMessageAsync(channels[0], new MessageCreate { Content = "first" }, CancellationToken.None);
        Assert.True(await TestClients.EventuallyAsync(() => _client.Metrics.GlobalTooManyRequestsReceived == 1));
        var others = channels.Skip(1).Select(c => _client.CreateMessageAsync(c, new MessageCreate { Content = "other" }, CancellationToken.None));
        await Task.WhenAll(others.Append(first));

        var posts = _fake.Requests.Where(r => r.Method == "POST").OrderBy(r => r.At).ToArray();
        Assert.Equal(6, posts.Length);
        Assert.Equal(429, posts[0].StatusCode);
        Assert.All(posts.Skip(1), r => Assert.True(r.At - posts[0].At >= TimeSpan.FromMilliseconds(290), $"a request arrived {(r.At - posts[0].At).TotalMilliseconds:0} ms into a 300 ms global pause"));
        Assert.All(channels, c => Assert.Single(_fake.GetMessages(c)));
    }

    [Fact]
    public async Task CreateMessage_OverLimits_RefusedBeforeSending()
    {
        var channel = _fake.CreateChannel(_guildId);
        var before = _fake.Requests.Count;

        await Assert.ThrowsAsync<DiscordPayloadException>(() => _client.CreateMessageAsync(channel, new MessageCreate { Content = new string('x', 2001) }, CancellationToken.None));

        Assert.Equal(before, _fake.Requests.Count);
        Assert.Empty(_fake.GetMessages(channel));
        Assert.Empty(_fake.Rejections);
    }

    [Fact]
    public async Task Calls_AgainstFake_MessagesFilesReactionsEditsAndChannels()
    {
        var channel = _fake.CreateChannel(_guildId, "library");
        var file = new DiscordFile("library.bib", "@article{vaswani2017}"u8.ToArray(), "text/plain");

        var posted = await _client.CreateMessageAsync(channel, new MessageCreate { Content = "export", Embeds = [new Embed { Title = "Attention" }] }, [file], CancellationToken.None);
        await _client.AddOwnReactionAsync(channel, posted.Id, "🔖", CancellationToken.None);
        await _client.EditMessageAsync(channel, posted.Id, new MessageEdit { Content = "export (edited)" }, CancellationToken.None);
        var info = await _client.GetChannelAsync(channel, CancellationToken.None);
        var me = await _client.GetCurrentUserAsync(CancellationToken.None);
        var gateway = await _client.GetGatewayBotAsync(CancellationToken.None);

        var stored = Assert.Single(_fake.GetMessages(channel));
        Assert.Equal("export (edited)", stored.Content);
        Assert.Equal("library.bib", Assert.Single(stored.Attachments).FileName);
        Assert.Equal(["🔖"], stored.BotReactions);
        Assert.Equal("library", info.Name);
        Assert.Equal(_fake.BotUserId, me.Id);
        Assert.Equal(_fake.GatewayUrl.ToString().TrimEnd('/'), gateway.Url.TrimEnd('/'));
        Assert.Empty(_fake.Rejections);
    }

    [Fact]
    public async Task Interaction_DeferEditAndFollowup_ReachTheFake()
    {
        var channel = _fake.CreateChannel(_guildId);
        var commands = await _client.BulkOverwriteGuildCommandsAsync(_fake.ApplicationId, _guildId,
            [new ApplicationCommand { Name = "paper", Description = "Search papers", Options = [new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "query", Description = "Words", Required = true }] }],
            CancellationToken.None);
        var interaction = await _fake.InjectSlashCommandAsync("paper", [new System.Text.Json.Nodes.JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = "attention" }], _guildId, channel, 42);

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.DeferredMessage(), CancellationToken.None);
        await _client.EditOriginalResponseAsync(_fake.ApplicationId, interaction.Token, new MessageEdit { Content = "3 papers" }, CancellationToken.None);
        var followup = await _client.CreateFollowupAsync(_fake.ApplicationId, interaction.Token, new MessageCreate { Content = "only you", Flags = MessageFlags.Ephemeral }, CancellationToken.None);

        Assert.NotNull(Assert.Single(commands).Id);
        Assert.Equal(5, interaction.ResponseType);
        Assert.Equal("3 papers", interaction.OriginalMessage?.Content);
        Assert.Equal("only you", followup.Content);
        Assert.Single(interaction.Followups);
        Assert.Empty(_fake.Rejections);
        var second = await Assert.ThrowsAsync<DiscordHttpException>(() => _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.DeferredMessage(), CancellationToken.None));
        Assert.Equal(40060, second.Code);
    }

    private void Report(TimeSpan elapsed, int messages, int channels)
    {
        var perChannel = (messages + channels - 1) / channels;
        var channelBound = ((perChannel + ChannelLimit - 1) / ChannelLimit - 1) * ChannelWindow;
        var globalBound = TimeSpan.FromSeconds(((messages + GlobalPerSecond - 1) / GlobalPerSecond) - 1);
        var bound = channelBound > globalBound ? channelBound : globalBound;
        output.WriteLine($"{messages} messages over {channels} channel(s): {elapsed.TotalMilliseconds:0} ms; lower bound from the fake's limits "
            + $"({ChannelLimit} per {ChannelWindow.TotalMilliseconds:0} ms per channel, {GlobalPerSecond}/s global): {bound.TotalMilliseconds:0} ms; "
            + $"requests {_client.Metrics.RequestsSent}, bucket waits {_client.Metrics.BucketWaits}, 429s {_client.Metrics.TooManyRequestsReceived}");
    }
}
