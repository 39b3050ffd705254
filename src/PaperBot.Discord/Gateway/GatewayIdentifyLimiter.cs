using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Paces IDENTIFY for every shard of the process, as Discord's session start limit asks: no IDENTIFY while
/// <c>remaining</c> is 0 (until <c>reset_after</c> has passed; past the daily budget Discord resets the token),
/// and one IDENTIFY per 5 s in each bucket <c>shard_id % max_concurrency</c>. Register it once per process.
/// </summary>
public sealed partial class GatewayIdentifyLimiter(IOptions<DiscordGatewayOptions> options, TimeProvider time, ILogger<GatewayIdentifyLimiter> logger)
{
    private static readonly TimeSpan DefaultResetPeriod = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<int, DateTimeOffset> _nextByBucket = [];
    private int _maxConcurrency = 1;
    private int _total;
    private int? _remaining;
    private DateTimeOffset _resetAt = DateTimeOffset.MinValue;
    private bool _exhaustedLogged;

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

    /// <summary>
    /// Takes the next identify slot for <paramref name="shardId"/> and waits until it is due.
    /// <paramref name="limit"/> is the <c>session_start_limit</c> just read from <c>GET /gateway/bot</c>, if any.
    /// </summary>
    public async Task WaitToIdentifyAsync(int shardId, SessionStartLimit? limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset at;
        var exhausted = false;
        int total;
        lock (_gate)
        {
            if (limit is not null)
            {
                _total = limit.Total;
                _remaining = limit.Remaining;
                _resetAt = now + TimeSpan.FromMilliseconds(Math.Max(0, limit.ResetAfter));
                _maxConcurrency = Math.Max(1, limit.MaxConcurrency);
            }

            at = now;
            if (_remaining is <= 0)
            {
                if (now < _resetAt)
                {
                    at = _resetAt;
                    exhausted = !_exhaustedLogged;
                    _exhaustedLogged = true;
                }

                _remaining = _total;
                _resetAt = at + DefaultResetPeriod;
            }
            else
            {
                _exhaustedLogged = false;
            }

            var bucket = shardId % _maxConcurrency;
            if (_nextByBucket.TryGetValue(bucket, out var next) && next > at)
            {
                at = next;
            }

            _nextByBucket[bucket] = at + options.Value.IdentifyInterval;
            if (_remaining is { } remaining)
            {
                _remaining = remaining - 1;
            }

            total = _total;
        }

        if (exhausted)
        {
            Log.BudgetExhausted(logger, total, at, (at - now).TotalSeconds);
        }

        if (at > now)
        {
            Log.Waiting(logger, shardId, (at - now).TotalMilliseconds);
            await Task.Delay(at - now, time, cancellationToken).ConfigureAwait(false);
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
