using PaperBot.Discord.RateLimits;
using PaperBot.Discord.Tests.Rest.Support;

namespace PaperBot.Discord.Tests.RateLimits;

public sealed class RateLimitHeadersTests
{
    [Fact]
    public void Parse_DocumentedHeaders_ReadsEveryValue()
    {
        using var response = ScriptedHandler.Json(429, "{}",
            ("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1470173023.123"),
            ("X-RateLimit-Reset-After", "64.57"), ("X-RateLimit-Bucket", "abcd1234"), ("X-RateLimit-Scope", "shared"), ("Retry-After", "65"));

        var headers = RateLimitHeaders.Parse(response.Headers);

        Assert.Equal("abcd1234", headers.Bucket);
        Assert.Equal(10, headers.Limit);
        Assert.Equal(0, headers.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(64.57), headers.ResetAfter);
        Assert.Equal(TimeSpan.FromSeconds(65), headers.RetryAfter);
        Assert.True(headers.IsShared);
        Assert.False(headers.Global);
    }

    [Fact]
    public void Parse_GlobalHeader_SetsGlobal()
    {
        using var response = ScriptedHandler.Json(429, "{}", ("X-RateLimit-Global", "true"), ("X-RateLimit-Scope", "global"));

        var headers = RateLimitHeaders.Parse(response.Headers);

        Assert.True(headers.Global);
        Assert.Null(headers.Bucket);
        Assert.Null(headers.Remaining);
    }

    [Fact]
    public void Parse_NoHeaders_AllNull()
    {
        using var response = ScriptedHandler.NoContent();

        var headers = RateLimitHeaders.Parse(response.Headers);

        Assert.Null(headers.Limit);
        Assert.Null(headers.ResetAfter);
        Assert.Null(headers.RetryAfter);
    }
}
