using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Digest;

namespace PaperBot.Tests.Digest;

/// <summary>A pass that posted to many channels gives the memory it used back once, and a small pass does not.</summary>
public sealed class DigestMemoryTests
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    public async Task RunDueAsync_ThreeChannelsPosted_ReleasesMemoryOnceWhenThatIsEnoughChannels(int threshold, int expected)
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync(withService: false);
        await DigestHarness.AddPapersAsync(host, [.. Enumerable.Range(1, 3).Select(i => DigestHarness.Paper($"2506.0000{i}", $"Paper number {i}", i))]);
        var channels = Enumerable.Range(0, 3).Select(i => harness.CreateChannel($"papers-{i}")).ToList();
        foreach (var channel in channels)
        {
            await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 3));
        }

        harness.Time.SetUtcNow(Monday.AddHours(8));
        var releases = 0;
        DigestRunner Runner(IServiceProvider sp) => new(
            sp.GetRequiredService<DigestSubscriptionStore>(), sp.GetRequiredService<DigestLedger>(), sp.GetRequiredService<DigestPlanner>(),
            sp.GetRequiredService<DigestPoster>(), sp.GetRequiredService<IOptions<DigestOptions>>(), harness.Time, NullLogger<DigestRunner>.Instance)
        {
            ReleaseMemoryAfterChannels = threshold,
            ReleaseMemory = () => releases++,
        };

        await DigestHarness.InScopeAsync(host, sp => Runner(sp).RunDueAsync(CancellationToken.None));
        Assert.All(channels, c => Assert.Equal(4, harness.Messages(c).Count));
        await DigestHarness.InScopeAsync(host, sp => Runner(sp).RunDueAsync(CancellationToken.None));

        Assert.Equal(expected, releases);
    }
}
