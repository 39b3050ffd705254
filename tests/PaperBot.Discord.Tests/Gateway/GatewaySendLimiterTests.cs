using Microsoft.Extensions.Time.Testing;
using PaperBot.Discord.Gateway;

namespace PaperBot.Discord.Tests.Gateway;

public sealed class GatewaySendLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AcquireAsync_BelowLimitOutsideReserve_CompletesAtOnce()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(120, Window, reservedForHeartbeats: 3, time);

        for (var i = 0; i < 117; i++)
        {
            var send = limiter.AcquireAsync(CancellationToken.None).AsTask();
            Assert.True(send.IsCompleted, $"send {i} should not wait");
            await send;
        }

        Assert.False(await TryAcquireNowAsync(limiter));
    }

    [Fact]
    public async Task AcquireAsync_ReserveReached_WaitsForOldestSendToLeaveWindow()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(10, Window, reservedForHeartbeats: 2, time);
        for (var i = 0; i < 8; i++)
        {
            await limiter.AcquireAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var ninth = limiter.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(ninth.IsCompleted);

        // The first send happened at t=0 and it is now t=8 s: the slot frees at t=60 s.
        time.Advance(TimeSpan.FromSeconds(51));
        Assert.False(ninth.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await ninth.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task RecordHeartbeat_OtherSendsUsedTheirShare_StillGoesOutAndUsesReserve()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(10, Window, reservedForHeartbeats: 2, time);
        for (var i = 0; i < 8; i++)
        {
            await limiter.AcquireAsync(CancellationToken.None);
        }

        limiter.RecordHeartbeat();
        limiter.RecordHeartbeat();

        var other = limiter.AcquireAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(other.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await other.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task AcquireAsync_SlidingWindow_NeverExceedsCapacityInAnyWindow()
    {
        var time = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(120, Window, reservedForHeartbeats: 0, time);
        var sendTimes = new List<TimeSpan>();
        var start = time.GetUtcNow();
        for (var step = 0; step < 3000; step++)
        {
            // Greedy sender: tries every 100 ms, sends whenever the limiter lets it.
            while (await TryAcquireNowAsync(limiter))
            {
                sendTimes.Add(time.GetUtcNow() - start);
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var worst = sendTimes.Max(t => sendTimes.Count(u => u >= t && u < t + Window));
        Assert.Equal(120, worst);
    }

    /// <summary>True when a send would go out right now; a send that would wait is cancelled so it takes no slot.</summary>
    private static async Task<bool> TryAcquireNowAsync(GatewaySendLimiter limiter)
    {
        using var cancel = new CancellationTokenSource();
        var send = limiter.AcquireAsync(cancel.Token).AsTask();
        if (send.IsCompleted)
        {
            await send;
            return true;
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        return false;
    }

    [Theory]
    [InlineData(41_250, 3)]
    [InlineData(30_000, 3)]
    [InlineData(20_000, 4)]
    public void HeartbeatsPerWindow_DiscordIntervals_CoverEveryBeatPlusOne(int intervalMs, int expected) =>
        Assert.Equal(expected, GatewaySendLimiter.HeartbeatsPerWindow(TimeSpan.FromMilliseconds(intervalMs), Window));
}
