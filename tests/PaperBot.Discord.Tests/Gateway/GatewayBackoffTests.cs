using PaperBot.Discord.Gateway;

namespace PaperBot.Discord.Tests.Gateway;

public sealed class GatewayBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void ReconnectDelay_NoFailures_IsZero() =>
        Assert.Equal(TimeSpan.Zero, GatewayBackoff.ReconnectDelay(0, Base, Max, jitter: 0.9));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    public void ReconnectDelay_FullJitter_DoublesPerFailure(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), GatewayBackoff.ReconnectDelay(failures, Base, Max, jitter: 1));

    [Fact]
    public void ReconnectDelay_ManyFailures_StaysAtCap() =>
        Assert.Equal(Max, GatewayBackoff.ReconnectDelay(500, Base, Max, jitter: 1));

    [Fact]
    public void ReconnectDelay_ZeroJitter_IsHalfTheStep() =>
        Assert.Equal(TimeSpan.FromSeconds(2), GatewayBackoff.ReconnectDelay(3, Base, Max, jitter: 0));

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(0.5, 3000)]
    [InlineData(1, 5000)]
    public void InvalidSessionDelay_Jitter_SpansOneToFiveSeconds(double jitter, int expectedMs) =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(expectedMs),
            GatewayBackoff.InvalidSessionDelay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), jitter));

    [Fact]
    public void FirstHeartbeatDelay_Jitter_ScalesInterval() =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(10_312.5),
            GatewayBackoff.FirstHeartbeatDelay(TimeSpan.FromMilliseconds(41_250), 0.25));
}
