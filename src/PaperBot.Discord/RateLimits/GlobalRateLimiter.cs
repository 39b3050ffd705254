namespace PaperBot.Discord.RateLimits;

/// <summary>
/// At most N requests in any sliding window. A sliding log (rather than a token bucket, which allows bursts
/// of 2N across a window edge) keeps us under Discord's limit however Discord aligns its own windows.
/// </summary>
internal sealed class GlobalRateLimiter(int requestsPerWindow, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _sent = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public async Task AcquireAsync(bool countAgainstLimit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var delay = TryTake(countAgainstLimit);
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(DiscordRateLimiter.RoundUp(delay), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Discord said the global limit was hit: every request waits until it has passed.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        var until = time.GetUtcNow() + retryAfter;
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private TimeSpan TryTake(bool countAgainstLimit)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now < _pausedUntil)
            {
                return _pausedUntil - now;
            }

            if (!countAgainstLimit)
            {
                return TimeSpan.Zero;
            }

            while (_sent.Count > 0 && now - _sent.Peek() >= window)
            {
                _sent.Dequeue();
            }

            if (_sent.Count < requestsPerWindow)
            {
                _sent.Enqueue(now);
                return TimeSpan.Zero;
            }

            return _sent.Peek() + window - now;
        }
    }
}
