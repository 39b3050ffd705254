using PaperBot.Benchmarks.Digest;

namespace PaperBot.Tests.Benchmarks;

/// <summary>
/// The digest benchmark's core at smoke size, in process: correctness only (every post sent exactly once, the
/// bookmark on each paper, no request sent twice except the resend after a 429), never its speed.
/// </summary>
public sealed class DigestBenchmarkSmokeTests
{
    [Fact]
    public async Task Run_SmokeSize_SendsEveryPostAndBookmarkExactlyOnce()
    {
        var settings = new DigestBenchmarkSettings(Channels: 20, Papers: 3, Concurrency: 8);

        var result = await DigestBenchmarkRun.RunAsync(settings, Path.GetTempPath(), CancellationToken.None);

        Assert.Equal(0, result.Failures);
        Assert.Equal(0, result.Rejections);
        Assert.Equal(settings.Channels, result.MessagesByChannel.Count);
        foreach (var (channel, messages) in result.MessagesByChannel)
        {
            Assert.True(messages.Count == 1 + settings.Papers, $"channel {channel} got {messages.Count} messages");
            Assert.StartsWith("📰", messages[0].Content, StringComparison.Ordinal);
            var ids = messages.Skip(1).Select(m => m.Embeds[0]!["url"]!.GetValue<string>()).ToList();
            Assert.Equal(settings.Papers, ids.Distinct().Count());
            Assert.All(messages.Skip(1), m => Assert.Equal(["🔖"], m.BotReactions));
        }

        // Every request beyond the expected ones is the resend of one the fake answered with a 429: nothing is sent twice.
        // Zero 429s is not asserted (yet): the REST client draws a few at bucket and window edges (see docs/benchmarks.md).
        Assert.Equal(result.TooManyRequestsSentByFake, result.TooManyRequestsReceived);
        Assert.Equal(result.ExpectedRequests, result.RequestsSent - result.TooManyRequestsReceived);
    }
}
