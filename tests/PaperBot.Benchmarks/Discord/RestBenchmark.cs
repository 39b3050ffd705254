using System.Diagnostics;
using System.Globalization;
using PaperBot.Benchmarks.Harness;
using PaperBot.Discord.Models;
using PaperBot.FakeDiscord;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// Message bursts through DiscordRestClient against the fake's per-channel and global limits: how close the
/// client's pacing gets to the lower bound the limits imply, and whether it ever draws a 429.
/// </summary>
internal static class RestBenchmark
{
    private const int PerChannelLimit = 5;
    private static readonly TimeSpan PerChannelWindow = TimeSpan.FromSeconds(1);
    private const int GlobalPerSecond = 50;

    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        var scenarios = args.Smoke
            ? new[] { (Messages: 20, Channels: 1), (Messages: 100, Channels: 10) }
            : [(200, 1), (500, 50)];
        var table = new Table("scenario", "elapsed", "lower bound", "elapsed / bound", "429s (fake)", "429s (client)", "rejections");
        foreach (var (messages, channels) in scenarios)
        {
            await using var setup = await FakeDiscordSetup.StartAsync(
                new FakeDiscordOptions
                {
                    ChannelMessageLimit = PerChannelLimit,
                    ChannelMessageWindow = PerChannelWindow,
                    GlobalRequestsPerSecond = GlobalPerSecond,
                },
                ct);
            var guild = setup.Server.CreateGuild();
            var channelIds = Enumerable.Range(0, channels).Select(i => setup.Server.CreateChannel(guild, $"papers-{i}")).ToList();

            // Everything is queued at once, as a digest run or a busy bot would: pacing is the client's job.
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, messages).Select(i =>
                setup.Rest.CreateMessageAsync(channelIds[i % channels], new MessageCreate { Content = $"paper {i}" }, ct)));
            var elapsed = Stopwatch.GetElapsedTime(start);

            var perChannel = (int)Math.Ceiling(messages / (double)channels);
            var channelBound = (Math.Ceiling(perChannel / (double)PerChannelLimit) - 1) * PerChannelWindow.TotalSeconds;
            var globalBound = Math.Ceiling(messages / (double)GlobalPerSecond) - 1;
            var bound = Math.Max(channelBound, globalBound);
            table.Add(
                $"{messages} messages / {channels} channel(s)",
                Seconds(elapsed.TotalSeconds),
                Seconds(bound),
                bound > 0 ? (elapsed.TotalSeconds / bound).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-",
                setup.Server.TooManyRequestsSent.ToString(CultureInfo.InvariantCulture),
                setup.Rest.Metrics.TooManyRequestsReceived.ToString(CultureInfo.InvariantCulture),
                setup.Server.Rejections.Count.ToString(CultureInfo.InvariantCulture));
        }

        Console.WriteLine($"rest benchmark: fake limits {PerChannelLimit} messages per {PerChannelWindow.TotalSeconds:0} s per channel, global {GlobalPerSecond}/s");
        table.Print(Console.Out);
    }

    private static string Seconds(double s) => s.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
