using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Discord.RateLimits;

/// <summary>
/// Keeps the client under Discord's per-route and global limits, learning buckets from response headers.
/// One instance per process (per bot token): the limits are the bot's, not a client instance's.
/// </summary>
public sealed partial class DiscordRateLimiter
{
    private const int PruneThreshold = 512;

    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _bucketHashByRoute = new(StringComparer.Ordinal);
    private readonly GlobalRateLimiter _global;
    private readonly TimeProvider _time;
    private readonly TimeSpan _margin;
    private readonly DiscordRestMetrics _metrics;
    private readonly ILogger<DiscordRateLimiter> _logger;

    public DiscordRateLimiter(IOptions<DiscordOptions> options, TimeProvider time, DiscordRestMetrics metrics, ILogger<DiscordRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _time = time;
        _margin = o.RateLimitMargin;
        _metrics = metrics;
        _logger = logger;
        // No margin on the global window: a slot is held until a whole second after its response, and the request
        // reached Discord before its response left, so jitter can only spread arrivals further apart.
        _global = new GlobalRateLimiter(o.GlobalRequestsPerSecond, TimeSpan.FromSeconds(1), time);
    }

    /// <summary>Waits until <paramref name="route"/> may be sent; dispose the lease once its response is handled.</summary>
    public async Task<RateLimitLease> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        while (true)
        {
            var key = BucketKey(route);
            var bucket = _buckets.GetOrAdd(key, static k => new RateLimitBucket(k));
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (BucketKey(route) != key)
            {
                // The route's bucket hash was learned while we queued: join the shared bucket instead.
                bucket.Gate.Release();
                continue;
            }

            GlobalRateLimiter.Slot? slot;
            try
            {
                await WaitForBucketAsync(route, bucket, cancellationToken).ConfigureAwait(false);
                // Interaction callbacks are not bound to the global limit.
                slot = route.Kind == DiscordRouteKind.InteractionCallback
                    ? null
                    : await _global.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                bucket.Gate.Release();
                throw;
            }

            bucket.LastUsed = _time.GetUtcNow();
            return new RateLimitLease(this, route, bucket, slot);
        }
    }

    internal void Release(RateLimitBucket bucket, GlobalRateLimiter.Slot? slot)
    {
        if (slot is not null)
        {
            _global.Release(slot);
        }

        bucket.Gate.Release();
    }

    internal void Complete(DiscordRoute route, RateLimitBucket bucket, RateLimitHeaders? headers)
    {
        if (headers is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        bucket.Update(headers, now, _margin);
        if (headers.Bucket is { Length: > 0 } hash && !_bucketHashByRoute.TryGetValue(route.RouteKey, out _))
        {
            _bucketHashByRoute[route.RouteKey] = hash;
            var learned = _buckets.GetOrAdd(BucketKey(route), static k => new RateLimitBucket(k));
            if (!ReferenceEquals(learned, bucket))
            {
                learned.CopyFrom(bucket);
            }
        }
    }

    internal void RateLimited(RateLimitBucket bucket, RateLimitHeaders headers, TimeSpan retryAfter, bool global)
    {
        if (global)
        {
            _global.Pause(retryAfter + _margin);
            return;
        }

        bucket.Exhaust(_time.GetUtcNow(), retryAfter, _margin);
    }

    private async Task WaitForBucketAsync(DiscordRoute route, RateLimitBucket bucket, CancellationToken cancellationToken)
    {
        var waited = false;
        while (bucket.DelayUntilAvailable(_time.GetUtcNow()) is var delay && delay > TimeSpan.Zero)
        {
            if (!waited)
            {
                waited = true;
                _metrics.BucketWaited();
                Log.WaitingForBucket(_logger, route.RouteKey, delay.TotalMilliseconds);
            }

            await Task.Delay(RoundUp(delay), _time, cancellationToken).ConfigureAwait(false);
        }

        if (_buckets.Count > PruneThreshold)
        {
            Prune();
        }
    }

    // Timers fire on whole milliseconds and the wall clock may lag them slightly: round up so a wait
    // never ends a fraction early and spins on sub-millisecond delays.
    internal static TimeSpan RoundUp(TimeSpan delay)
        => TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds));

    private string BucketKey(DiscordRoute route)
        => _bucketHashByRoute.TryGetValue(route.RouteKey, out var hash)
            ? $"{hash}:{route.MajorParameter}"
            : $"{route.RouteKey}:{route.MajorParameter}";

    // Every interaction token and channel gets its own bucket; forget the ones that are idle and reset.
    private void Prune()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsIdle(now) && now - bucket.LastUsed > TimeSpan.FromMinutes(1))
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "Waiting {DelayMs:0} ms for the rate limit bucket of {Route} to reset")]
        public static partial void WaitingForBucket(ILogger logger, string route, double delayMs);
    }
}

/// <summary>Permission to send one request; hand back the response headers and dispose it.</summary>
public sealed class RateLimitLease : IDisposable
{
    private readonly DiscordRateLimiter _owner;
    private readonly DiscordRoute _route;
    private readonly RateLimitBucket _bucket;
    private readonly GlobalRateLimiter.Slot? _slot;
    private int _disposed;

    internal RateLimitLease(DiscordRateLimiter owner, DiscordRoute route, RateLimitBucket bucket, GlobalRateLimiter.Slot? slot)
    {
        _owner = owner;
        _route = route;
        _bucket = bucket;
        _slot = slot;
    }

    public void Complete(RateLimitHeaders? headers) => _owner.Complete(_route, _bucket, headers);

    public void RateLimited(RateLimitHeaders headers, TimeSpan retryAfter, bool global)
    {
        _owner.Complete(_route, _bucket, headers);
        _owner.RateLimited(_bucket, headers, retryAfter, global);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Release(_bucket, _slot);
        }
    }
}
