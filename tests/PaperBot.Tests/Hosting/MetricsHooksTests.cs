using Microsoft.Extensions.DependencyInjection;
using PaperBot.Digest;
using PaperBot.Hosting.Observability;
using PaperBot.Tests.Digest;

namespace PaperBot.Tests.Hosting;

public sealed class MetricsHooksTests
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DigestPost_ThroughFakeDiscord_CountsEveryMessageSent()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync(withService: false, services => services.AddPaperBotObservability());
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, [.. Enumerable.Range(1, 3).Select(i => DigestHarness.Paper($"2506.0000{i}", $"Paper number {i}", i))]);
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 3));
        harness.Time.SetUtcNow(Monday.AddHours(8));
        var exporter = host.Services.GetRequiredService<PrometheusExporter>();

        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        using var scrape = new MemoryStream();
        await exporter.WriteAsync(scrape, CancellationToken.None);
        var text = System.Text.Encoding.UTF8.GetString(scrape.ToArray());
        Assert.Equal(4, harness.Messages(channel).Count);
        Assert.Contains("paperbot_digest_posts_sent_total 4\n", text, StringComparison.Ordinal);
    }
}
