using PaperBot.Discord.Gateway;
using PaperBot.Discord.Tests.Gateway.Support;

namespace PaperBot.Discord.Tests.Gateway;

/// <summary><see cref="DiscordGatewayClient.IsConnected"/>, which the bot's /health reports: true only while in a session.</summary>
public sealed class DiscordGatewayClientConnectedStateTests
{
    [Fact]
    public async Task IsConnected_FollowsTheSession_ThroughResumeAndAFatalClose()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        Assert.False(h.Client.IsConnected);

        h.Start();
        await h.WaitForReadyAsync();
        Assert.True(h.Client.IsConnected);

        await h.Server.DropConnectionAsync();
        await h.WaitForFakeAsync(s => s.ResumeCount == 1, "a resume");
        await WaitForAsync(() => h.Client.IsConnected, "connected again after the resume");

        await h.Server.CloseGatewayAsync(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
        await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => h.Run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(h.Client.IsConnected);
    }

    [Fact]
    public async Task IsConnected_AfterShutdown_IsFalse()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        await h.StopAsync();

        Assert.False(h.Client.IsConnected);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = Environment.TickCount64 + 5_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }
}
