using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PaperBot.Benchmarks.Harness;
using PaperBot.FakeDiscord;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// A fleet against the fake Discord: 100,000 guilds, 48 shards in two real bot processes (<c>paperbot run</c>, 24
/// shards each, max_concurrency 16 and Discord's real 5 s identify interval. State stays in one SQLite file per
/// process; when PAPERBOT_TEST_POSTGRES names a server the processes take <c>Storage:Provider = postgres</c> over it,
/// so they identify through its advisory locks (without it nothing spans the two processes, and the fake refuses
/// the identifies that collide in a bucket).
/// Prints the time until every shard is READY against the identify floor, each process's RSS, and the p99 of
/// /paper search answered at 100/s spread over every shard. Figures only; nothing is asserted.
/// </summary>
internal static class FleetBenchmark
{
    private const int ShardCount = 48;
    private const int MaxConcurrency = 16;
    private static readonly TimeSpan IdentifyInterval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        var guildCount = args.Smoke ? 10_000 : 100_000;
        var seconds = args.Smoke ? 10 : 30;
        const int perSecond = 100;
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            MaxConcurrency = MaxConcurrency,
            IdentifyInterval = IdentifyInterval,
            RecommendedShards = ShardCount,
            GlobalRequestsPerSecond = 50,
            RouteRequestLimit = 1_000,
            ChannelMessageLimit = 1_000,
            EnableControlEndpoints = false,
        }, ct);
        var guilds = server.CreateGuilds(guildCount, ShardCount);

        // One channel in ten guilds per shard: where the load's interactions happen.
        var targets = guilds.Take(ShardCount * 10).Select(g => (Guild: g, Channel: server.CreateChannel(g))).ToList();
        var root = Path.Combine(Path.GetTempPath(), $"paperbot-fleet-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        var started = Stopwatch.StartNew();
        var processes = new[] { "0-23", "24-47" }.Select((shards, i) => StartBot(server, Path.Combine(root, $"p{i}"), shards)).ToList();
        try
        {
            var ready = await server.WaitUntilAsync(() => server.LiveShards.Count == ShardCount, TimeSpan.FromMinutes(5), ct);
            var allReady = started.Elapsed;
            var identifies = server.IdentifyTimes.Select(i => i.At).Order().ToList();
            var identifySpan = identifies.Count > 1 ? identifies[^1] - identifies[0] : TimeSpan.Zero;
            var floor = IdentifyInterval * (((ShardCount + MaxConcurrency - 1) / MaxConcurrency) - 1);
            var rssReady = processes.Select(p => Rss(p.Id)).ToList();

            // Commands are registered at the first READY of each process; give the second overwrite check a moment.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var latencies = new Latencies();
            var injected = new List<(DateTimeOffset At, InjectedInteraction Interaction)>();
            var load = Stopwatch.StartNew();
            var queries = new[] { "speculative decoding", "diffusion", "transformer", "time series", "retrieval" };
            for (var i = 0; i < perSecond * seconds; i++)
            {
                var due = TimeSpan.FromSeconds(i / (double)perSecond) - load.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }

                var (guild, channel) = targets[i % targets.Count];
                var options = new JsonArray(new JsonObject
                {
                    ["type"] = 1,
                    ["name"] = "search",
                    ["options"] = new JsonArray(new JsonObject { ["type"] = 3, ["name"] = "query", ["value"] = queries[i % queries.Length] }),
                });
                var at = TimeProvider.System.GetUtcNow();
                injected.Add((at, await server.InjectSlashCommandAsync("paper", options, guild, channel, 4_242_000_000_000_001, "2147486736", ct: ct)));
            }

            var unanswered = 0;
            foreach (var (at, interaction) in injected)
            {
                try
                {
                    latencies.Add((await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(10), ct)).At - at);
                }
                catch (TimeoutException)
                {
                    unanswered++;
                }
            }

            var rssLoad = processes.Select(p => Rss(p.Id)).ToList();
            var table = new Table("measure", "value");
            table.Add("guilds / shards / processes", $"{guildCount:N0} / {ShardCount} / 2 (24 shards each), max_concurrency {MaxConcurrency}");
            table.Add("every shard READY", ready ? $"{allReady.TotalSeconds:0.0} s after the processes started" : $"not within 5 min ({server.LiveShards.Count} live)");
            table.Add("first to last IDENTIFY", $"{identifySpan.TotalSeconds:0.0} s (floor {floor.TotalSeconds:0} s: {ShardCount / MaxConcurrency} identifies per bucket, 5 s apart); {identifies.Count} identifies, {server.RefusedIdentifyCount} refused");
            table.Add("RSS at READY (p0, p1)", string.Join(", ", rssReady.Select(Mb)));
            table.Add("RSS after load (p0, p1)", string.Join(", ", rssLoad.Select(Mb)));
            table.Add("interactions", $"{injected.Count} at {perSecond}/s over {targets.Count} guilds on all {ShardCount} shards; {unanswered} unanswered");
            table.Add("event-to-callback p50", latencies.P50);
            table.Add("event-to-callback p99", latencies.P99);
            table.Add("429s (fake), global", $"{server.TooManyRequestsSent}, {server.GlobalTooManyRequestsSent}");
            var mode = Postgres is null ? "SQLite mode, one file each, identify gate in-process only" : "Storage:Provider postgres (identify gate over advisory locks), search index in one SQLite file each";
            Console.WriteLine($"fleet benchmark (two paperbot processes, {mode}; load average {File.ReadAllText("/proc/loadavg").Trim()})");
            table.Print(Console.Out);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync(CancellationToken.None);
                process.Dispose();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static Process StartBot(FakeDiscordServer server, string folder, string shards)
    {
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };

        // As in the process tests: the benchmark folder lacks the package copy of System.Threading.RateLimiting.
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--additionalprobingpath");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "paperbot.dll"));
        start.ArgumentList.Add("run");
        var env = start.Environment;
        env["Discord__Token"] = server.BotToken;
        env["Discord__RestBaseUrl"] = server.RestBaseUrl.AbsoluteUri;
        env["Discord__ShardCount"] = ShardCount.ToString(CultureInfo.InvariantCulture);
        env["Discord__Shards"] = shards;
        env["Discord__GlobalRequestsPerSecond"] = "25";
        env["Storage__DatabasePath"] = Path.Combine(folder, "paperbot.db");
        if (Postgres is { } connectionString)
        {
            env["Storage__Provider"] = "postgres";
            env["Storage__ConnectionString"] = connectionString;
        }

        env["Ingestion__RunOnStart"] = "false";
        env["Ingestion__HuggingFace__Enabled"] = "false";
        env["Ingestion__Arxiv__Enabled"] = "false";
        env["Ingestion__Arxiv__OnDemand"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[{shards}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string? Postgres => Environment.GetEnvironmentVariable("PAPERBOT_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MB";
}
