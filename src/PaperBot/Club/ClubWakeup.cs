using PaperBot.Digest;

namespace PaperBot.Club;

/// <summary>
/// Lets <c>/club schedule</c> wake the reminder loop when it owes a reminder sooner than the loop sleeps.
/// The waiting itself is the digest loop's (<see cref="DigestWakeup"/>), which survives clock jumps; this
/// is a separate instance so a club signal never wakes the digest loop.
/// </summary>
public sealed class ClubWakeup
{
    private readonly DigestWakeup _inner = new();

    public Task NextSignal => _inner.NextSignal;

    /// <summary>A test seam: the instant the loop sleeps until while idle (see <see cref="DigestWakeup"/>).</summary>
    internal DateTimeOffset? WaitingUntil => _inner.WaitingUntil;

    public void Signal() => _inner.Signal();

    public Task WaitUntilAsync(Task signal, DateTimeOffset due, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        _inner.WaitUntilAsync(signal, due, timeProvider, cancellationToken);

    /// <summary>The digest's loop (<see cref="DigestWakeup.RunPassesAsync"/>), woken by this instance's signals only.</summary>
    public Task RunPassesAsync(Func<CancellationToken, Task<DateTimeOffset>> pass, TimeSpan retryDelay, TimeProvider timeProvider, Action<Exception> onFailure, CancellationToken stoppingToken) =>
        _inner.RunPassesAsync(pass, retryDelay, timeProvider, onFailure, stoppingToken);
}
