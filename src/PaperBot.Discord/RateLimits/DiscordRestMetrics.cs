using System.Diagnostics.Metrics;

namespace PaperBot.Discord.RateLimits;

/// <summary>Counters of the REST client, readable directly and published on the <c>PaperBot.Discord.Rest</c> meter.</summary>
public sealed class DiscordRestMetrics : IDisposable
{
    public const string MeterName = "PaperBot.Discord.Rest";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _waits;
    private long _requestsSent;
    private long _retriesCount;
    private long _tooManyRequests;
    private long _globalTooManyRequests;
    private long _sharedTooManyRequests;
    private long _bucketWaits;
    private Func<int>? _invalidRequests;

    public DiscordRestMetrics()
    {
        _requests = _meter.CreateCounter<long>("discord.rest.requests", description: "HTTP requests sent to Discord");
        _retries = _meter.CreateCounter<long>("discord.rest.retries", description: "Requests sent again after a 5xx, a network error or a timeout");
        _rateLimited = _meter.CreateCounter<long>("discord.rest.rate_limited", description: "429 responses received");
        _waits = _meter.CreateCounter<long>("discord.rest.bucket_waits", description: "Times a request waited for an empty bucket to reset");
    }

    /// <summary>The meter, so that an exporter can pick this instance's out of several in one process.</summary>
    public Meter Meter => _meter;

    public long RequestsSent => Interlocked.Read(ref _requestsSent);

    public long Retries => Interlocked.Read(ref _retriesCount);

    /// <summary>All 429s received, whatever their scope.</summary>
    public long TooManyRequestsReceived => Interlocked.Read(ref _tooManyRequests);

    public long GlobalTooManyRequestsReceived => Interlocked.Read(ref _globalTooManyRequests);

    /// <summary>429s with scope "shared": a resource limit that does not count against the bot.</summary>
    public long SharedTooManyRequestsReceived => Interlocked.Read(ref _sharedTooManyRequests);

    public long BucketWaits => Interlocked.Read(ref _bucketWaits);

    /// <summary>Answers of 401, 403 and non-shared 429 in the last 10 minutes (Discord bans the IP at 10,000).</summary>
    public int InvalidRequestsInWindow => Volatile.Read(ref _invalidRequests)?.Invoke() ?? 0;

    /// <summary>Publishes the rate limiter's invalid-request count as the <c>discord.rest.invalid_requests</c> gauge.</summary>
    internal void ObserveInvalidRequests(Func<int> count)
    {
        if (Interlocked.CompareExchange(ref _invalidRequests, count, null) is null)
        {
            _meter.CreateObservableGauge("discord.rest.invalid_requests", count, description: "401, 403 and non-shared 429 answers in the last 10 minutes (Discord bans the IP at 10,000)");
        }
    }

    internal void RequestSent()
    {
        Interlocked.Increment(ref _requestsSent);
        _requests.Add(1);
    }

    internal void Retried()
    {
        Interlocked.Increment(ref _retriesCount);
        _retries.Add(1);
    }

    internal void TooManyRequests(bool global, bool shared)
    {
        Interlocked.Increment(ref _tooManyRequests);
        if (global)
        {
            Interlocked.Increment(ref _globalTooManyRequests);
        }

        if (shared)
        {
            Interlocked.Increment(ref _sharedTooManyRequests);
        }

        _rateLimited.Add(1, new KeyValuePair<string, object?>("scope", global ? "global" : shared ? "shared" : "user"));
    }

    internal void BucketWaited()
    {
        Interlocked.Increment(ref _bucketWaits);
        _waits.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
