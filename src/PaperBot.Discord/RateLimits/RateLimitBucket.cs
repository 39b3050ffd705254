namespace PaperBot.Discord.RateLimits;

/// <summary>
/// The state of one bucket. Requests in a bucket go one at a time (<see cref="Gate"/>): responses then arrive
/// in order, so the last one's Remaining/Reset-After is the truth and no request ever races into an empty
/// bucket. A bucket's limit is small (e.g. 5 per 5 s per channel), so this costs no throughput.
/// </summary>
internal sealed class RateLimitBucket(string key)
{
    private readonly Lock _lock = new();
    private int _remaining = 1;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

    public string Key { get; } = key;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int Limit { get; private set; } = 1;

    public DateTimeOffset LastUsed { get; set; }

    /// <summary>How long to wait before the next request may go; zero when it may go now.</summary>
    public TimeSpan DelayUntilAvailable(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_remaining > 0 || now >= _resetAt)
            {
                return TimeSpan.Zero;
            }

            return _resetAt - now;
        }
    }

    public void Update(RateLimitHeaders headers, DateTimeOffset now, TimeSpan margin)
    {
        lock (_lock)
        {
            if (headers.Limit is { } limit)
            {
                Limit = limit;
            }

            if (headers.Remaining is { } remaining)
            {
                _remaining = remaining;
            }

            if (headers.ResetAfter is { } resetAfter)
            {
                _resetAt = now + resetAfter + margin;
            }
        }
    }

    /// <summary>After a 429 on this bucket: nothing more until <paramref name="retryAfter"/> has passed.</summary>
    public void Exhaust(DateTimeOffset now, TimeSpan retryAfter, TimeSpan margin)
    {
        lock (_lock)
        {
            _remaining = 0;
            var until = now + retryAfter + margin;
            if (until > _resetAt)
            {
                _resetAt = until;
            }
        }
    }

    public void CopyFrom(RateLimitBucket other)
    {
        lock (_lock)
        {
            lock (other._lock)
            {
                Limit = other.Limit;
                _remaining = other._remaining;
                _resetAt = other._resetAt;
            }
        }
    }

    public bool IsIdle(DateTimeOffset now)
    {
        lock (_lock)
        {
            return Gate.CurrentCount == 1 && now >= _resetAt;
        }
    }
}
