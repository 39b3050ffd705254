using PaperBot.Hosting.Health;

namespace PaperBot.Tests.Hosting.Health;

/// <summary>A process with several shards is connected only when every one of them is.</summary>
public sealed class BotHealthShardTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static BotStatus Status(int ready, int total, TimeSpan since) =>
        new(1, Now - TimeSpan.FromDays(1), Now - TimeSpan.FromSeconds(5), ready == total, Now - since, ready, total);

    [Fact]
    public void Evaluate_EveryShardReady_HealthyNamingTheCount()
    {
        var verdict = BotHealth.Evaluate(null, Status(4, 4, TimeSpan.FromHours(1)), [], Now, new HealthOptions());

        Assert.True(verdict.Healthy, verdict.Reason);
        Assert.Contains("gateway connected (shards 4/4 ready)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneShardDownWithinGrace_HealthyConnecting()
    {
        var verdict = BotHealth.Evaluate(null, Status(3, 4, TimeSpan.FromSeconds(30)), [], Now, new HealthOptions());

        Assert.True(verdict.Healthy, verdict.Reason);
        Assert.Contains("gateway connecting (shards 3/4 ready) for 30s", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneShardDownPastGrace_Unhealthy()
    {
        var verdict = BotHealth.Evaluate(null, Status(3, 4, TimeSpan.FromMinutes(3)), [], Now, new HealthOptions());

        Assert.False(verdict.Healthy);
        Assert.Equal("gateway not connected (shards 3/4 ready) for 3m 00s (grace period 2m 00s)", verdict.Reason);
    }
}
