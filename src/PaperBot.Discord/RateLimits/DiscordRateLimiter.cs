using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Rest;

namespace PaperBot.Discord.RateLimits;

/// <summary>
/// Keeps the client under Discord's per-route and global limits, learning buckets from response headers.
/// One instance per process (per bot token): the limits are the bot's, not a client instance's.
/// </summary>
public sealed partial class DiscordRateLimiter
{
    private const int PruneThreshold = 512;

    // A bucket is forgotten once it has been idle this long (it holds no wait and its window has reset).
    private static readonly TimeSpan IdleBucketLifetime = TimeSpan.FromMinutes(1);

    // How often, at most, the buckets are walked for idle ones. Every interaction has buckets of its own (its
    // callback, its token's webhook routes), so a busy bot makes hundreds a second; a walk on every request
    // cost a share of each request that grew with the bucket count (11 % of a /paper search's CPU at 100/s).
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _bucketHashByRoute = new(StringComparer.Ordinal);
    private readonly GlobalRateLimiter _global;
    private readonly InvalidRequestBudget _budget;
    private readonly TaskCompletionSource<string> _tokenRejected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly TimeSpan _margin;
    private readonly DiscordRestMetrics _metrics;
    private readonly ILogger<DiscordRateLimiter> _logger;
    private long _nextPruneTicks;
    private int _pruning;
    private int _prunePasses;

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
        _budget = new InvalidRequestBudget(o.InvalidRequestLimit, TimeSpan.FromMinutes(10), time);
        metrics.ObserveInvalidRequests(() => _budget.Count);
    }

    /// <summary>How many rate-limit buckets are held now (for tests).</summary>
    internal int BucketCount => _buckets.Count;

    /// <summary>How many times the buckets were walked for idle ones (for tests).</summary>
    internal int PrunePasses => Volatile.Read(ref _prunePasses);

    /// <summary>Answers of 401, 403 and 429 (but scope "shared") in the last 10 minutes; Discord bans the IP at 10,000.</summary>
    public int InvalidRequestCount => _budget.Count;

    /// <summary>The most invalid answers the client lets happen in 10 minutes: half of <see cref="DiscordOptions.InvalidRequestLimit"/>.</summary>
    public int InvalidRequestCap => _budget.Cap;

    /// <summary>
    /// Completes, with the route template, when Discord answered 401 to a request made with the bot token: the token
    /// is wrong, revoked or was reset. From then on no bot-token request is sent; the host should stop.
    /// </summary>
    public Task<string> TokenRejected => _tokenRejected.Task;

    internal void RejectToken(string routeKey)
    {
        if (_tokenRejected.TrySetResult(routeKey))
        {
            Log.TokenRejected(_logger, routeKey);
        }
    }

    /// <summary>Waits until <paramref name="route"/> may be sent; dispose the lease once its response is handled.</summary>
    public async Task<RateLimitLease> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Kind == DiscordRouteKind.Bot && _tokenRejected.Task.IsCompleted)
        {
            // Docs: stop making requests once a token is invalid; each would be one more 401 against the IP.
            throw new DiscordHttpException(route.RouteKey, HttpStatusCode.Unauthorized, 0, "not sent: Discord already refused the bot token", []);
        }

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
                await _budget.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                bucket.Gate.Release();
                throw;
            }

            try
            {
                // Docs: interaction endpoints (the callback, followups, @original) are not bound to the global
                // limit; they keep their own route buckets, waited for above.
                slot = route.Kind == DiscordRouteKind.Bot
                    ? await _global.AcquireAsync(cancellationToken).ConfigureAwait(false)
                    : null;
            }
            catch
            {
                _budget.Settle(invalid: false);
                bucket.Gate.Release();
                throw;
            }

            bucket.LastUsed = _time.GetUtcNow();
            return new RateLimitLease(this, route, bucket, slot);
        }
    }

    internal void Release(RateLimitBucket bucket, GlobalRateLimiter.Slot? slot, bool invalid)
    {
        if (slot is not null)
        {
            _global.Release(slot);
        }

        _budget.Settle(invalid);

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

        PruneNow();
    }

    // Timers fire on whole milliseconds and the wall clock may lag them slightly: round up so a wait
    // never ends a fraction early and spins on sub-millisecond delays.
    internal static TimeSpan RoundUp(TimeSpan delay)
        => TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds));

    private string BucketKey(DiscordRoute route)
        => _bucketHashByRoute.TryGetValue(route.RouteKey, out var hash)
            ? $"{hash}:{route.MajorParameter}"
            : $"{route.RouteKey}:{route.MajorParameter}";

    // Every interaction token and channel gets its own bucket; forget the ones that are idle and reset. One look at
    // a time, at most once per PruneInterval; a walk only past PruneThreshold buckets.
    private void PruneNow()
    {
        var now = _time.GetUtcNow();
        if (now.UtcTicks < Volatile.Read(ref _nextPruneTicks) || Interlocked.Exchange(ref _pruning, 1) == 1)
        {
            return;
        }

        try
        {
            // Counting takes every lock of the dictionary, so it too waits for the interval.
            if (_buckets.Count > PruneThreshold)
            {
                Interlocked.Increment(ref _prunePasses);
                foreach (var (key, bucket) in _buckets)
                {
                    if (bucket.IsIdle(now) && now - bucket.LastUsed > IdleBucketLifetime)
                    {
                        _buckets.TryRemove(key, out _);
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _nextPruneTicks, (now + PruneInterval).UtcTicks);
            Volatile.Write(ref _pruning, 0);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "Waiting {DelayMs:0} ms for the rate limit bucket of {Route} to reset")]
        public static partial void WaitingForBucket(ILogger logger, string route, double delayMs);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Critical, Message = "Discord answered 401 Unauthorized to {Route}: the bot token (Discord:Token or Discord:TokenFile) is not valid; no more requests are sent with it")]
        public static partial void TokenRejected(ILogger logger, string route);
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
    private bool _invalid;

    internal RateLimitLease(DiscordRateLimiter owner, DiscordRoute route, RateLimitBucket bucket, GlobalRateLimiter.Slot? slot)
    {
        _owner = owner;
        _route = route;
        _bucket = bucket;
        _slot = slot;
    }

    /// <summary>The answer is in (<paramref name="status"/>, 0 for none); a 401 or 403 counts against the invalid-request budget.</summary>
    public void Complete(RateLimitHeaders? headers, int status = 0)
    {
        _invalid = status is 401 or 403;
        _owner.Complete(_route, _bucket, headers);
    }

    /// <summary>A 429: counts against the invalid-request budget unless its scope is "shared" (Discord does not count those).</summary>
    public void RateLimited(RateLimitHeaders headers, TimeSpan retryAfter, bool global)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _invalid = !headers.IsShared;
        _owner.Complete(_route, _bucket, headers);
        _owner.RateLimited(_bucket, headers, retryAfter, global);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Release(_bucket, _slot, _invalid);
        }
    }
}
