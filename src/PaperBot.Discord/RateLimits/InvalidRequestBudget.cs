namespace PaperBot.Discord.RateLimits;

/// <summary>
/// Discord bans an IP for a while after 10,000 responses of 401, 403 or 429 (but a 429 of scope "shared") in
/// 10 minutes. This counts them over a sliding window and keeps the count at no more than half that: a request
/// is let out only while the invalid answers of the window plus the requests in flight (each could be one more)
/// stay below the cap, so as the count nears it fewer requests go at once, and at the cap none until the
/// oldest invalid answer leaves the window.
/// </summary>
internal sealed class InvalidRequestBudget(int discordLimit, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _invalid = new();
    private int _inFlight;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The most invalid answers the client lets happen in one window: half of Discord's limit.</summary>
    public int Cap { get; } = Math.Max(1, discordLimit / 2);

    /// <summary>Invalid answers (401, 403, non-shared 429) received in the last window.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                Prune(time.GetUtcNow());
                return _invalid.Count;
            }
        }
    }

    /// <summary>Waits until one more request may go out; call <see cref="Settle"/> once its answer (or failure) is in.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            TimeSpan untilOldestLeaves;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                Prune(now);
                if (_invalid.Count + _inFlight < Cap)
                {
                    _inFlight++;
                    return;
                }

                released = _released.Task;
                untilOldestLeaves = _invalid.Count > 0 ? _invalid.Peek() + window - now : Timeout.InfiniteTimeSpan;
            }

            if (untilOldestLeaves == Timeout.InfiniteTimeSpan)
            {
                await released.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAny(released, Task.Delay(DiscordRateLimiter.RoundUp(untilOldestLeaves), time, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>The request's answer is in; <paramref name="invalid"/> when it counts against the IP.</summary>
    public void Settle(bool invalid)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            _inFlight--;
            if (invalid)
            {
                _invalid.Enqueue(time.GetUtcNow());
            }

            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }

    private void Prune(DateTimeOffset now)
    {
        while (_invalid.Count > 0 && now - _invalid.Peek() >= window)
        {
            _invalid.Dequeue();
        }
    }
}
