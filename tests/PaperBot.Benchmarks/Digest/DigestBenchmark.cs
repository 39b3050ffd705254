using System.Globalization;
using PaperBot.Benchmarks.Harness;

namespace PaperBot.Benchmarks.Digest;

/// <summary>
/// <c>digest [--channels 1000] [--papers 10] [--concurrency 32] [--smoke]</c>: every subscribed channel's batch
/// posted in one runner pass against Discord-like limits; prints completion time against the lower bound the
/// limits imply, requests sent and 429s. Figures only, no assertions.
/// </summary>
internal static class DigestBenchmark
{
    public static async Task RunAsync(BenchmarkArgs args, string[] raw, CancellationToken ct)
    {
        var channels = Option(raw, "--channels") ?? (args.Smoke ? 20 : 1000);
        var papers = args.Papers ?? (args.Smoke ? 3 : 10);
        var concurrency = Option(raw, "--concurrency") is { } c ? [c] : new[] { DefaultConcurrency() };
        var table = new Table("channels x papers", "concurrency", "completion", "lower bound", "completion / bound", "requests sent", "expected", "429s (client, global)", "429s (fake)", "rejections", "open batches");
        foreach (var level in concurrency)
        {
            var settings = new DigestBenchmarkSettings(channels, papers, level);
            Console.WriteLine($"digest benchmark: {channels} channels x {papers} papers, {level} channels at a time ...");
            var r = await DigestBenchmarkRun.RunAsync(settings, args.WorkDirectory, ct);
            table.Add(
                $"{channels} x {papers}",
                level.ToString(CultureInfo.InvariantCulture),
                Seconds(r.Elapsed.TotalSeconds),
                Seconds(r.BoundSeconds),
                double.IsNaN(r.Ratio) ? "-" : r.Ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x",
                r.RequestsSent.ToString(CultureInfo.InvariantCulture),
                r.ExpectedRequests.ToString(CultureInfo.InvariantCulture),
                $"{r.TooManyRequestsReceived} ({r.GlobalTooManyRequestsReceived})",
                r.TooManyRequestsSentByFake.ToString(CultureInfo.InvariantCulture),
                r.Rejections.ToString(CultureInfo.InvariantCulture),
                r.Failures.ToString(CultureInfo.InvariantCulture));
            PrintBound(r);
            foreach (var route in r.TooManyRequestRoutes.Take(10))
            {
                Console.WriteLine($"  429: {route}");
            }
        }

        table.Print(Console.Out);
    }

    private static int DefaultConcurrency() => new PaperBot.Digest.DigestOptions().MaxConcurrentChannels;

    private static void PrintBound(DigestBenchmarkResult r)
    {
        var s = r.Settings;
        Console.WriteLine(
            $"""
              limits (fake Discord): messages {s.ChannelMessageLimit} per {s.ChannelMessageWindow.TotalSeconds:0.##} s per channel, own reactions {s.ReactionLimit} per {s.ReactionWindow.TotalSeconds:0.##} s per channel, global {s.GlobalPerSecond}/s
              requests the bot sends per channel: 1 header + {s.Papers} paper messages + {s.Papers} bookmark reactions = {r.RequestsPerChannel}
              global bound: ceil({r.ExpectedRequests} / {s.GlobalPerSecond}) - 1 = {r.GlobalBoundSeconds:0.##} s
              channel bound: max(message bucket (ceil({1 + s.Papers}/{s.ChannelMessageLimit}) - 1) x {s.ChannelMessageWindow.TotalSeconds:0.##} s, reaction bucket (ceil({s.Papers}/{s.ReactionLimit}) - 1) x {s.ReactionWindow.TotalSeconds:0.##} s) = {r.ChannelBoundSeconds:0.##} s
              lower bound = max of the two = {r.BoundSeconds:0.##} s; completion {r.Elapsed.TotalSeconds:0.00} s
            """);
    }

    private static int? Option(string[] raw, string name)
    {
        var i = Array.IndexOf(raw, name);
        return i >= 0 && i + 1 < raw.Length ? int.Parse(raw[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
    }

    private static string Seconds(double s) => s.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
