using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Paces IDENTIFY for every shard of the process, as Discord's session start limit asks: no IDENTIFY while
/// <c>remaining</c> is 0 (until <c>reset_after</c> has passed; past the daily budget Discord resets the token),
/// and one IDENTIFY per 5 s in each bucket <c>shard_id % max_concurrency</c>. Register it once per process; the
/// <see cref="IGatewayIdentifyGate"/> extends the bucket rule to the other processes of a fleet.
/// </summary>
public sealed partial class GatewayIdentifyLimiter(
    IOptions<DiscordGatewayOptions> options,
    TimeProvider time,
    ILogger<GatewayIdentifyLimiter> logger,
    IGatewayIdentifyGate? gate = null)
{
    private readonly IGatewayIdentifyGate _fleetGate = gate ?? new InProcessIdentifyGate();

    private static readonly TimeSpan DefaultResetPeriod = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, DateTimeOffset> _nextByBucket = [];
    private int _maxConcurrency = 1;
    private int _total;
    private int? _remaining;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;
    private bool _exhaustedLogged;
    private int _waitingForSlot;

    /// <summary>Identify slots Discord still allows today, as last learned and counted down since; null before any GET /gateway/bot.</summary>
    public int? Remaining
    {
        get
        {
            lock (_gate)
            {
                return _remaining;
            }
        }
    }

    /// <summary>Shards whose identify slot is not due yet: each has its timer armed on the clock and is waiting for it.</summary>
    public int WaitingForSlot => Volatile.Read(ref _waitingForSlot);

    /// <summary>
    /// Before connecting for a new session: learns the <c>session_start_limit</c> just read from <c>GET /gateway/bot</c>
    /// (if any) and, when none are left, waits until <c>reset_after</c> has passed, without holding a socket open.
    /// </summary>
    public async Task WaitForSessionStartAsync(SessionStartLimit? limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset until;
        lock (_gate)
        {
            if (limit is not null)
            {
                _total = limit.Total;
                _remaining = limit.Remaining;
                _resetAt = now + TimeSpan.FromMilliseconds(Math.Max(0, limit.ResetAfter));
                _maxConcurrency = Math.Max(1, limit.MaxConcurrency);
            }

            until = _remaining is <= 0 ? _resetAt : now;
        }

        await WaitUntilAsync(now, until, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Right before sending IDENTIFY (Discord counts when it arrives): takes one session start and the next slot of
    /// the bucket <c>shardId % max_concurrency</c>, waits until that slot is due, then enters the fleet's gate for the
    /// bucket. Dispose the returned lease right after the IDENTIFY is sent.
    /// </summary>
    public async Task<IAsyncDisposable> WaitToIdentifyAsync(int shardId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset at;
        int bucket;
        lock (_gate)
        {
            at = now;
            if (_remaining is <= 0)
            {
                // Other shards took the last ones since this one checked: wait for the reset as well.
                at = _resetAt > now ? _resetAt : now;
                _remaining = _total;
                _resetAt = at + DefaultResetPeriod;
            }

            bucket = shardId % _maxConcurrency;
            if (_nextByBucket.TryGetValue(bucket, out var next) && next > at)
            {
                at = next;
            }

            _nextByBucket[bucket] = at + options.Value.IdentifyInterval;
            if (_remaining is { } remaining)
            {
                _remaining = remaining - 1;
            }
        }

        if (at > now)
        {
            Log.Waiting(logger, shardId, (at - now).TotalMilliseconds);
            var due = Task.Delay(at - now, time, cancellationToken);

            // Counted once the timer is armed, so a test that moves a fake clock knows the wait is registered.
            Interlocked.Increment(ref _waitingForSlot);
            try
            {
                await due.ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waitingForSlot);
            }
        }

        return await _fleetGate.EnterAsync(bucket, options.Value.IdentifyInterval, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitUntilAsync(DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        bool first;
        int total;
        lock (_gate)
        {
            first = until > now && !_exhaustedLogged;
            _exhaustedLogged = until > now;
            total = _total;
        }

        if (first)
        {
            Log.BudgetExhausted(logger, total, until, (until - now).TotalSeconds);
        }

        if (until > now)
        {
            await Task.Delay(until - now, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9230, Level = LogLevel.Warning, Message = "Discord's session start limit is used up (0 of {Total} left): no IDENTIFY until {ResetAt:O}, {WaitSeconds:0} s from now")]
        public static partial void BudgetExhausted(ILogger logger, int total, DateTimeOffset resetAt, double waitSeconds);

        [LoggerMessage(EventId = 9231, Level = LogLevel.Debug, Message = "Shard {ShardId} waits {DelayMs:0} ms for its identify slot")]
        public static partial void Waiting(ILogger logger, int shardId, double delayMs);
    }
}
