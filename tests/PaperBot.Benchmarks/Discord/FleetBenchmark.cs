using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PaperBot.Benchmarks.Harness;
using PaperBot.FakeDiscord;
using PaperBot.Hosting;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// <c>fleet [--smoke] [--guilds N] [--digest-channels N] [--digest-papers P]</c>: a fleet against the fake Discord,
/// 100,000 guilds over 48 shards in two real bot processes (<c>paperbot run</c>, 24 shards each, max_concurrency
/// 16 and Discord's 5 s identify interval), both with <c>Storage:Provider = postgres</c> over one fresh database
/// (on the server PAPERBOT_TEST_POSTGRES names, or on one this run starts with <c>.ci/postgres</c>).
/// Prints the time until every shard is READY against the identify floor, each process's memory (RSS split into
/// file-backed, GC and native), the p99 of /paper search answered at 100/s spread over every shard, and the
/// digest of N channels against the rate-limit bound. Figures only; nothing is asserted.
/// </summary>
internal static class FleetBenchmark
{
    private const int ShardCount = 48;
    private const int MaxConcurrency = 16;
    private static readonly TimeSpan IdentifyInterval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchmarkArgs args, string[] raw, CancellationToken ct)
    {
        var guildCount = Option(raw, "--guilds") ?? (args.Smoke ? 10_000 : 100_000);
        var digestChannels = Option(raw, "--digest-channels") ?? (args.Smoke ? 500 : 10_000);
        var digestPapers = Option(raw, "--digest-papers") ?? 1;
        var seconds = args.Smoke ? 10 : 30;
        const int perSecond = 100;
        var load = $"load average {File.ReadAllText("/proc/loadavg").Trim()}";
        Directory.CreateDirectory(args.WorkDirectory);
        await using var postgres = await FleetPostgres.StartAsync(args.WorkDirectory, ct);
        var root = Path.Combine(args.WorkDirectory, $"fleet-{Environment.ProcessId}");
        Directory.CreateDirectory(root);

        // Migrates the shared database and seeds the sample papers once, as `paperbot migrate` would before a
        // fleet starts; kept to write the digest subscriptions later, as the processes' /digest commands would.
        using var shared = PaperBotHost.CreateBuilder(new PaperBotHostSettings
        {
            Mode = PaperBotHostMode.Cli,
            DatabasePath = Path.Combine(root, "seed", "papers.db"),
            WorkingDirectory = root,
            Overrides = new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = postgres.ConnectionString },
        }).Build();
        await shared.StartAsync(ct);
        await FleetDigestPhase.SeedPapersAsync(shared.Services, digestPapers, ct);

        var limits = new FakeDiscordOptions
        {
            MaxConcurrency = MaxConcurrency,
            IdentifyInterval = IdentifyInterval,
            RecommendedShards = ShardCount,
            GlobalRequestsPerSecond = 50,
            RouteRequestLimit = 1_000,

            // Discord's channel message bucket: the digest's bound says whether it or the global budget is tighter.
            ChannelMessageLimit = 5,
            ChannelMessageWindow = TimeSpan.FromSeconds(5),
            EnableControlEndpoints = false,
        };
        await using var server = await FakeDiscordServer.StartAsync(limits, ct);
        var guilds = server.CreateGuilds(guildCount, ShardCount);

        // One channel in ten guilds per shard: where the load's interactions happen.
        var targets = guilds.Take(ShardCount * 10).Select(g => (Guild: g, Channel: server.CreateChannel(g))).ToList();
        var startedAt = TimeProvider.System.GetUtcNow();
        var started = Stopwatch.StartNew();
        // `--bot-log FILE`: each process's own output (its log, with the bot's settings from this environment) is kept
        // in FILE-p0 and FILE-p1, e.g. with Logging__Format=json for timestamps.
        var botLog = raw.Select((a, i) => (a, i)).Where(x => x.a == "--bot-log" && x.i + 1 < raw.Length).Select(x => raw[x.i + 1]).FirstOrDefault();
        var processes = new[] { "0-23", "24-47" }
            .Select((shards, i) => FleetProcess.Start(server, postgres.ConnectionString, Path.Combine(root, $"p{i}"), shards, ShardCount, botLog is null ? null : $"{botLog}-p{i}"))
            .ToList();
        try
        {
            var ready = await server.WaitUntilAsync(() => server.LiveShards.Count == ShardCount, TimeSpan.FromMinutes(5), ct);
            var allReady = started.Elapsed;
            var identifies = server.IdentifyTimes.Select(i => i.At).Order().ToList();
            var identifySpan = identifies.Count > 1 ? identifies[^1] - identifies[0] : TimeSpan.Zero;
            var floor = IdentifyInterval * (((ShardCount + MaxConcurrency - 1) / MaxConcurrency) - 1);

            // Commands are registered at the first READY of each process; give the second overwrite check a moment.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var memoryReady = await MemoryAsync(processes, ct);
            var (latencies, injected, unanswered) = await SearchLoadAsync(server, targets, perSecond, seconds, ct);
            var memoryLoad = await MemoryAsync(processes, ct);
            var (all429, global429) = (server.TooManyRequestsSent, server.GlobalTooManyRequestsSent);

            var table = new Table("measure", "value");
            table.Add("guilds / shards / processes", $"{guildCount:N0} / {ShardCount} / 2 (24 shards each, {guildCount / ShardCount:N0} guilds a shard), max_concurrency {MaxConcurrency}");
            table.Add("storage", $"Storage:Provider postgres, database {postgres.Name} (server from {postgres.Origin}); search on each process's local read model");
            table.Add("every shard READY", ready ? $"{allReady.TotalSeconds:0.0} s after the processes started" : $"not within 5 min ({server.LiveShards.Count} live)");
            table.Add("first IDENTIFY", identifies.Count > 0 ? $"{(identifies[0] - startedAt).TotalSeconds:0.0} s after the processes started (start-up: configuration, read model, model, warm-up)" : "none");
            table.Add("first to last IDENTIFY", $"{identifySpan.TotalSeconds:0.0} s (floor {floor.TotalSeconds:0} s: {ShardCount / MaxConcurrency} identifies per bucket, 5 s apart); {identifies.Count} identifies, {server.RefusedIdentifyCount} refused");
            var tooSoon = server.TooSoonIdentifies.Select(r =>
                $"{r.ShardId} after {r.LastShardId} (bucket {r.ShardId % MaxConcurrency}, {(r.At - r.LastAt).TotalMilliseconds:0} ms later, {(r.At - identifies[0]).TotalSeconds:0.0} s in)");
            table.Add("IDENTIFYs refused as too soon", server.TooSoonIdentifies.Count == 0 ? "none" : string.Join("; ", tooSoon));
            AddMemory(table, "at READY", memoryReady);
            table.Add("interactions", $"{injected} /paper search at {perSecond}/s over {targets.Count} guilds on all {ShardCount} shards; {unanswered} unanswered");
            table.Add("event-to-callback p50 / p99", $"{latencies.P50} / {latencies.P99}");
            table.Add("429s during READY + load (all, global)", $"{all429}, {global429}");
            AddMemory(table, "after load", memoryLoad);
            if (digestChannels > 0)
            {
                await FleetDigestPhase.RunAsync(shared.Services, postgres, server, guilds, digestChannels, digestPapers, limits, table, ct);
                AddMemory(table, "after digest", await MemoryAsync(processes, ct));

                // What the digest left in the collector's heap is given back at the next look (MemoryTrim): one
                // interval and a margin.
                var quiet = TrimMemoryInterval + TimeSpan.FromSeconds(15);
                await Task.Delay(quiet, ct);
                AddMemory(table, $"after digest + {quiet.TotalSeconds:0} s quiet", await MemoryAsync(processes, ct));
            }

            Console.WriteLine($"fleet benchmark: two paperbot processes, Storage:Provider postgres; {load} at the start, {File.ReadAllText("/proc/loadavg").Trim()} at the end");
            table.Print(Console.Out);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            await shared.StopAsync(CancellationToken.None);
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(Latencies Latencies, int Injected, int Unanswered)> SearchLoadAsync(
        FakeDiscordServer server, List<(ulong Guild, ulong Channel)> targets, int perSecond, int seconds, CancellationToken ct)
    {
        var latencies = new Latencies();
        var injected = new List<(DateTimeOffset At, InjectedInteraction Interaction)>();
        var clock = Stopwatch.StartNew();
        var queries = new[] { "speculative decoding", "diffusion", "transformer", "time series", "retrieval" };
        for (var i = 0; i < perSecond * seconds; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)perSecond) - clock.Elapsed;
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

        return (latencies, injected.Count, unanswered);
    }

    // Bot:TrimMemoryInterval as the processes run it (the default).
    private static readonly TimeSpan TrimMemoryInterval = new PaperBot.Hosting.BotOptions().TrimMemoryInterval;

    private static async Task<List<FleetMemory>> MemoryAsync(List<FleetProcess> processes, CancellationToken ct)
    {
        var result = new List<FleetMemory>();
        foreach (var process in processes)
        {
            result.Add(await FleetMemory.ReadAsync(process.Id, process.MetricsPort, ct));
        }

        return result;
    }

    private static void AddMemory(Table table, string when, List<FleetMemory> memory)
    {
        for (var i = 0; i < memory.Count; i++)
        {
            table.Add($"RSS {when}, p{i}", memory[i].ToString());
        }
    }

    private static int? Option(string[] raw, string name)
    {
        var i = Array.IndexOf(raw, name);
        return i >= 0 && i + 1 < raw.Length ? int.Parse(raw[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A loopback port free right now, for a process's /metrics.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
