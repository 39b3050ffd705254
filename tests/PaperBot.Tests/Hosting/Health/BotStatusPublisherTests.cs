using PaperBot.Hosting.Health;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting.Health;

public sealed class BotStatusPublisherTests
{
    private static async Task<BotStatus> WaitForStatusAsync(string path, Func<BotStatus, bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (await BotStatusFile.ReadAsync(path, CancellationToken.None) is { } status && condition(status))
            {
                return status;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"no matching status in {path}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task RunningBot_ConnectedToDiscord_HealthVerbInAnotherHostSaysHealthy()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Health:StatusInterval"] = "00:00:01" });
        var path = BotStatusFile.PathFor(Path.GetFullPath(bot.DatabasePath));

        var status = await WaitForStatusAsync(path, s => s.GatewayConnected);
        var run = await CliHarness.RunOnAsync(bot.DatabasePath, "health");

        Assert.Equal(Environment.ProcessId, status.ProcessId);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("gateway connected", run.Out, StringComparison.Ordinal);

        await bot.StopHostAsync();
        Assert.False(File.Exists(path), "a cleanly stopped bot leaves no status behind");
    }
}
