using Microsoft.Extensions.Time.Testing;
using PaperBot.Digest;

namespace PaperBot.Tests.Digest;

public sealed class DigestWakeupTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 31, 0, 29, 0, TimeSpan.Zero);

    [Fact]
    public async Task WaitUntilAsync_ClockJumpsWhileArming_WakesAtTheDueInstant()
    {
        var clock = new JumpWhileArmingClock(new FakeTimeProvider(Start), TimeSpan.FromSeconds(30));
        var wakeup = new DigestWakeup();
        var due = Start.AddMinutes(1);

        var wait = wakeup.WaitUntilAsync(wakeup.NextSignal, due, clock, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        Assert.Equal(due, wakeup.WaitingUntil);

        // The first timer was armed after the 30 s jump, for the full minute read before it: it would fire at 00:30:30.
        clock.Inner.SetUtcNow(due);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(wakeup.WaitingUntil);
    }

    [Fact]
    public async Task WaitUntilAsync_DueAlreadyPassed_ReturnsWithoutGoingIdle()
    {
        var clock = new FakeTimeProvider(Start);
        var wakeup = new DigestWakeup();

        await wakeup.WaitUntilAsync(wakeup.NextSignal, Start.AddSeconds(-1), clock, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Null(wakeup.WaitingUntil);
    }

    [Fact]
    public async Task WaitUntilAsync_SignalledDuringTheWait_ReturnsBeforeTheDueInstant()
    {
        var clock = new FakeTimeProvider(Start);
        var wakeup = new DigestWakeup();
        var wait = wakeup.WaitUntilAsync(wakeup.NextSignal, Start.AddHours(1), clock, CancellationToken.None);
        Assert.NotNull(wakeup.WaitingUntil);

        wakeup.Signal();

        Assert.Null(wakeup.WaitingUntil);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Start, clock.GetUtcNow());
    }

    [Fact]
    public async Task WaitUntilAsync_SignalledBeforeArming_NeverReportsIdle()
    {
        var clock = new FakeTimeProvider(Start);
        var wakeup = new DigestWakeup();
        var signal = wakeup.NextSignal;
        wakeup.Signal();

        await wakeup.WaitUntilAsync(signal, Start.AddHours(1), clock, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Null(wakeup.WaitingUntil);
    }

    /// <summary>Moves its clock once, just before the first timer is armed: the loop read the time, then the clock jumped.</summary>
    private sealed class JumpWhileArmingClock(FakeTimeProvider inner, TimeSpan jump) : TimeProvider
    {
        private bool _jumped;

        public FakeTimeProvider Inner { get; } = inner;

        public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (!_jumped)
            {
                _jumped = true;
                Inner.Advance(jump);
            }

            return Inner.CreateTimer(callback, state, dueTime, period);
        }
    }
}
