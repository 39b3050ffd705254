using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>Fixed-window buckets per route and major parameter, plus the global per-second limit, answering Discord's X-RateLimit-* headers.</summary>
internal sealed class RateLimiter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _buckets = [];
    private readonly Window _global = new();

    public RateDecision TakeGlobal(int perSecond) => Take(_global, "global", perSecond, TimeSpan.FromSeconds(1));

    public RateDecision Take(string template, string major, int limit, TimeSpan window)
    {
        lock (_gate)
        {
            var key = template + "|" + major;
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new Window();
                _buckets[key] = bucket;
            }

            return Take(bucket, HashOf(template), limit, window);
        }
    }

    private RateDecision Take(Window bucket, string hash, int limit, TimeSpan window)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now >= bucket.ResetAt)
            {
                bucket.ResetAt = now + window;
                bucket.Remaining = limit;
            }

            var allowed = bucket.Remaining > 0;
            if (allowed)
            {
                bucket.Remaining--;
            }

            return new RateDecision(allowed, limit, bucket.Remaining, bucket.ResetAt, bucket.ResetAt - now, hash);
        }
    }

    /// <summary>Stable per route, like Discord's opaque bucket hashes.</summary>
    private static string HashOf(string template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..32];

    private sealed class Window
    {
        public int Remaining { get; set; }
        public DateTimeOffset ResetAt { get; set; } = DateTimeOffset.MinValue;
    }
}

internal sealed record RateDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan ResetAfter, string Bucket)
{
    public double RetryAfterSeconds => Math.Max(0.001, Math.Round(ResetAfter.TotalSeconds, 3));

    public void WriteHeaders(HttpResponse response)
    {
        response.Headers["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = (ResetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset-After"] = Math.Max(0, ResetAfter.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Bucket"] = Bucket;
    }
}
