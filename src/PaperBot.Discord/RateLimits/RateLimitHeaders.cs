using System.Globalization;
using System.Net.Http.Headers;

namespace PaperBot.Discord.RateLimits;

/// <summary>The X-RateLimit-* headers of one response; absent headers stay null.</summary>
public sealed record RateLimitHeaders
{
    public string? Bucket { get; init; }

    public int? Limit { get; init; }

    public int? Remaining { get; init; }

    public TimeSpan? ResetAfter { get; init; }

    public bool Global { get; init; }

    /// <summary>user, global or shared (429 only).</summary>
    public string? Scope { get; init; }

    /// <summary>The Retry-After header (whole seconds), when present.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsShared => string.Equals(Scope, "shared", StringComparison.OrdinalIgnoreCase);

    public static RateLimitHeaders Parse(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new RateLimitHeaders
        {
            Bucket = Get(headers, "X-RateLimit-Bucket"),
            Limit = ParseInt(Get(headers, "X-RateLimit-Limit")),
            Remaining = ParseInt(Get(headers, "X-RateLimit-Remaining")),
            ResetAfter = ParseSeconds(Get(headers, "X-RateLimit-Reset-After")),
            Global = string.Equals(Get(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
            Scope = Get(headers, "X-RateLimit-Scope"),
            RetryAfter = headers.RetryAfter?.Delta ?? ParseSeconds(Get(headers, "Retry-After")),
        };
    }

    private static string? Get(HttpResponseHeaders headers, string name)
        => headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static int? ParseInt(string? value)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    internal static TimeSpan? ParseSeconds(string? value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && double.IsFinite(s)
            ? TimeSpan.FromSeconds(s)
            : null;
}
