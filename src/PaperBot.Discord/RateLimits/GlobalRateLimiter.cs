namespace PaperBot.Discord.RateLimits;

/// <summary>
/// At most N requests in any window, as Discord counts them: by when they arrive. A request arrives somewhere
/// between when we send it and when its response comes back, so its slot stays taken while it is in flight
/// and for a whole window after its response. That holds however late the HTTP stack puts it on the wire and
/// however Discord aligns its own windows (a token bucket, by contrast, allows bursts of 2N across an edge).
/// </summary>
internal sealed class GlobalRateLimiter(int requestsPerWindow, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<Slot> _slots = new(requestsPerWindow);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits for a free slot (and for any global pause to pass); release it once the response is in.</summary>
    public async Task<Slot> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (slot, delay, released) = TryTake();
            if (slot is not null)
            {
                return slot;
            }

            if (delay == Timeout.InfiniteTimeSpan)
            {
                // Every slot is in flight: the first response frees one a window later.
                await released.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await Task.Delay(DiscordRateLimiter.RoundUp(delay), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The request's response is in (or it failed): its slot frees one window from now.</summary>
    public void Release(Slot slot)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            if (slot.FreeAt != DateTimeOffset.MaxValue)
            {
                return;
            }

            slot.FreeAt = time.GetUtcNow() + window;
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
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

    private (Slot? Slot, TimeSpan Delay, Task Released) TryTake()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now < _pausedUntil)
            {
                return (null, _pausedUntil - now, _released.Task);
            }

            _slots.RemoveAll(s => s.FreeAt <= now);
            if (_slots.Count < requestsPerWindow)
            {
                var slot = new Slot();
                _slots.Add(slot);
                return (slot, TimeSpan.Zero, _released.Task);
            }

            var soonest = _slots.Min(s => s.FreeAt);
            return (null, soonest == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : soonest - now, _released.Task);
        }
    }

    /// <summary>One request's place in the window.</summary>
    internal sealed class Slot
    {
        public DateTimeOffset FreeAt { get; set; } = DateTimeOffset.MaxValue;
    }
}
