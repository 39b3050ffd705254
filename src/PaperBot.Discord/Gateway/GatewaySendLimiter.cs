namespace PaperBot.Discord.Gateway;

/// <summary>
/// Keeps one connection under Discord's 120 sends per 60 s. A sliding log of send times is used rather than a
/// refilling bucket: a bucket that starts full lets up to twice the limit through in one window, which Discord
/// punishes with close code 4008. The last <c>reservedForHeartbeats</c> slots of every window belong to
/// heartbeats, so a burst of other payloads can never starve them into a zombied connection.
/// </summary>
internal sealed class GatewaySendLimiter
{
    private readonly Lock _gate = new();
    private readonly Queue<long> _sendTimestamps = new();
    private readonly int _capacity;
    private readonly TimeSpan _window;
    private readonly TimeProvider _timeProvider;
    private int _reservedForHeartbeats;

    public GatewaySendLimiter(int capacity, TimeSpan window, int reservedForHeartbeats, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _capacity = capacity;
        _window = window;
        _timeProvider = timeProvider;
        ReservedForHeartbeats = reservedForHeartbeats;
    }

    /// <summary>Set once HELLO tells the interval: the beats one window holds, plus one for a server-requested beat.</summary>
    public int ReservedForHeartbeats
    {
        get
        {
            lock (_gate)
            {
                return _reservedForHeartbeats;
            }
        }

        set
        {
            lock (_gate)
            {
                _reservedForHeartbeats = Math.Clamp(value, 0, _capacity - 1);
            }
        }
    }

    public static int HeartbeatsPerWindow(TimeSpan heartbeatInterval, TimeSpan window) =>
        heartbeatInterval <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(window / heartbeatInterval) + 1;

    /// <summary>Heartbeats always go out: they use the reserve and, should even that be spent, go anyway.</summary>
    public void RecordHeartbeat()
    {
        lock (_gate)
        {
            Prune();
            _sendTimestamps.Enqueue(_timeProvider.GetTimestamp());
        }
    }

    /// <summary>Waits until a non-heartbeat payload fits in the window outside the heartbeat reserve.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                Prune();
                var allowed = _capacity - _reservedForHeartbeats;
                if (_sendTimestamps.Count < allowed)
                {
                    _sendTimestamps.Enqueue(_timeProvider.GetTimestamp());
                    return;
                }

                // The slot frees when the oldest send that keeps us at the limit leaves the window.
                var blocking = _sendTimestamps.ElementAt(_sendTimestamps.Count - allowed);
                wait = _window - _timeProvider.GetElapsedTime(blocking);
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _timeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private void Prune()
    {
        while (_sendTimestamps.Count > 0 && _timeProvider.GetElapsedTime(_sendTimestamps.Peek()) >= _window)
        {
            _sendTimestamps.Dequeue();
        }
    }
}
