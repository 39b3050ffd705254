using PaperBot.Discord.Tests.Rest.Support;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Rest;

/// <summary>
/// Discord's global limit is per bot token, whichever process sends: two processes' REST clients at full speed,
/// each configured with its share (Discord:GlobalRequestsPerSecond), stay within the sum against one fake Discord.
/// </summary>
public sealed class GlobalBudgetTests
{
    [Fact]
    public async Task GetChannelAsync_TwoProcessesAtFullSpeedWithHalfEach_StayWithinTheGlobalLimit()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { GlobalRequestsPerSecond = 50, RouteRequestLimit = 1_000 });
        var processes = Enumerable.Range(0, 2).Select(_ => TestClients.Create(new SocketsHttpHandler(), configure: o =>
        {
            o.Token = server.BotToken;
            o.RestBaseUrl = server.RestBaseUrl;
            o.GlobalRequestsPerSecond = 25;
        })).ToList();

        // 60 requests each, all at once: every one waits for its process's share only.
        await Task.WhenAll(processes.SelectMany((rest, p) => Enumerable.Range(0, 60).Select(i =>
            rest.GetChannelAsync(9_000_000_000_000_000_000UL + (ulong)(p * 1_000) + (ulong)i, CancellationToken.None))));

        Assert.Equal(0, server.GlobalTooManyRequestsSent);
        Assert.Equal(120, server.Requests.Count(r => r.Path.StartsWith("/channels/", StringComparison.Ordinal)));
        var most = server.MaxBotRequestsInOneSecond();
        Assert.True(most <= 50, $"{most} bot requests arrived within one second");
    }
}
