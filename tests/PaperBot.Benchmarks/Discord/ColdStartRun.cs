using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PaperBot.Benchmarks.Harness;
using PaperBot.FakeDiscord;

namespace PaperBot.Benchmarks.Discord;

/// <summary>One way of starting the bot: which build, and whether its start-up warm-up runs.</summary>
internal sealed record ColdStartVariant(string Name, string Dll, bool WarmUp)
{
    /// <summary>
    /// Environment variables set for the bot process only: the Docker image's runtime settings for a publish, then
    /// <c>--bot-env NAME=VALUE</c> (which wins).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>A file every line the bot printed is appended to after each run (<c>--bot-log FILE</c>), or null.</summary>
    public string? BotLog { get; init; }
}

/// <summary>What one fresh bot process measured.</summary>
internal sealed record ColdStartResult(
    ColdStartVariant Variant, TimeSpan Ready, double? WarmUpMs, Latencies First, int FirstUnanswered, Latencies Warm, int WarmUnanswered, long Rss, string Load, IReadOnlyList<string> Problems)
{
    /// <summary>The global commands the fake held at the end of the run, ids included (for the next run's fake).</summary>
    public IReadOnlyList<JsonObject> Commands { get; init; } = [];

    /// <summary>How many bulk overwrites of the commands the bot sent during the run (0 when it found them as they were).</summary>
    public int CommandOverwrites { get; init; }

    /// <summary>The bot process's CPU time per interaction during the warm phase (from its first injection to its last callback).</summary>
    public TimeSpan WarmCpuPerInteraction { get; init; }

    /// <summary>Collections of the benchmark's own process during each phase: 0 when its collector was held off throughout (not when the phase outgrew the budget or the runtime refused the hold).</summary>
    public (int First, int Warm) HarnessCollections { get; init; }
}

/// <summary>How many interactions each phase injects, and how fast (issue 17: 300 at 100/s).</summary>
/// <param name="Gap">How long after READY the first interaction is injected (zero: at once, as issue 17 measures).</param>
/// <param name="Texts">The queries, in turn; null: <see cref="ColdStartRun.Queries"/> (18 that repeat).</param>
internal sealed record ColdStartLoad(int Count, int PerSecond, int Slowest = 0, TimeSpan Gap = default, IReadOnlyList<string>? Texts = null)
{
    public string Query(int n) => Texts is { Count: > 0 } texts ? texts[n % texts.Count] : ColdStartRun.Queries[n % ColdStartRun.Queries.Length];
}

/// <summary>
/// Starts one real <c>paperbot run</c> process against its own fake Discord, and as soon as READY is delivered
/// injects <see cref="ColdStartLoad.Count"/> <c>/paper search</c> at <see cref="ColdStartLoad.PerSecond"/>/s ("first"), then after a pause the same
/// number again ("warm"). Each is timed from its injection to its callback's arrival at the fake.
/// </summary>
internal static partial class ColdStartRun
{
    private const ulong UserId = 4_242_000_000_000_001;

    // Words, sentences, authors and filters of the sample store, so both word and meaning paths run.
    public static readonly string[] Queries =
    [
        "speculative decoding", "diffusion", "autoregressive image generation", "how can language models reason step by step",
        "author:\"Sucheng Ren\"", "cat:cs.CV autoregressive", "vision transformer", "retrieval augmented generation for question answering",
        "flow matching", "author:ren", "cat:cs.CL", "efficient attention for long sequences", "image tokenizer", "mixture of experts",
        "next token prediction beyond text", "video generation", "search engine that generates document substrings", "continuous tokens",
    ];

    /// <param name="commands">The commands the fake holds at start, as an earlier start of the bot left them (a restart), or null (a first start).</param>
    public static async Task<ColdStartResult> RunAsync(
        ColdStartVariant variant, ColdStartLoad load, string folder, string? template, IReadOnlyList<JsonObject>? commands, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "paperbot.db");
        if (template is not null)
        {
            foreach (var suffix in new[] { "", "-wal" }.Where(s => File.Exists(template + s)))
            {
                File.Copy(template + suffix, database + suffix);
            }
        }

        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            IdentifyInterval = TimeSpan.Zero,
            RouteRequestLimit = 1_000,
            ChannelMessageLimit = 1_000,
            GlobalRequestsPerSecond = 1_000,
            EnableControlEndpoints = false,
        }, ct);
        if (commands is not null)
        {
            server.SetCommands(commands);
        }

        // Several guilds with two channels each: the interactions arrive from all of them in turn.
        var targets = Enumerable.Range(0, 4).Select(i => server.CreateGuild($"Lab {i}"))
            .SelectMany(g => new[] { (Guild: g, Channel: server.CreateChannel(g, "papers")), (Guild: g, Channel: server.CreateChannel(g, "reading")) })
            .ToList();
        var output = new ConcurrentQueue<string>();
        var started = Stopwatch.StartNew();
        using var process = Start(variant, folder, database, server, output);
        try
        {
            if (!await server.WaitUntilAsync(() => server.IsGatewayReady || process.HasExited, TimeSpan.FromMinutes(2), ct) || process.HasExited)
            {
                throw new InvalidOperationException($"{variant.Name}: no READY within 2 min (exited: {process.HasExited}). Output:\n{string.Join('\n', output)}");
            }

            var ready = started.Elapsed;
            if (load.Gap > TimeSpan.Zero)
            {
                await Task.Delay(load.Gap, ct);
            }

            var (first, firstUnanswered, firstCollections) = await InjectAsync(server, targets, load, 0, ct);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var (warm, warmUnanswered, warmCollections) = await InjectAsync(server, targets, load, load.Count, ct);
            process.Refresh();
            var warmCpu = (process.TotalProcessorTime - cpuBefore) / Math.Max(1, load.Count);
            var rss = Rss(process.Id);
            var warmUp = output.Select(l => WarmedUp().Match(l)).FirstOrDefault(m => m.Success) is { } match
                ? double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture)
                : (double?)null;
            var average = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            if (variant.BotLog is { } log)
            {
                File.AppendAllLines(log, output);
            }

            // What the bot logged at Warning and above, and what the fake refused: why interactions went unanswered.
            var problems = output.Where(l => !WarmedUp().IsMatch(l)).Take(5)
                .Concat(server.Rejections.Take(5).Select(r => $"fake refused: {r}")).ToList();
            return new ColdStartResult(variant, ready, warmUp, first, firstUnanswered, warm, warmUnanswered, rss, average, problems)
            {
                Commands = server.RegisteredCommands(),
                CommandOverwrites = server.CommandOverwriteCount,
                WarmCpuPerInteraction = warmCpu,
                HarnessCollections = (firstCollections, warmCollections),
            };
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(folder, recursive: true);
        }
    }

    // What the fake Discord and the load allocate in this process in a phase: about 50 MB per 300 interactions.
    private const long PhaseAllocationBudget = 240L * 1024 * 1024;

    /// <summary>
    /// One phase with this process's collector held off: the fake Discord runs here and stamps each answer when it
    /// reads it, so a collection of its own (3-4 in each 3 s phase, 30-60 ms of pauses in all, measured) held answers
    /// back and counted against the bot. A phase that outgrows the budget collects anyway, and says so.
    /// </summary>
    private static async Task<(Latencies Latencies, int Unanswered, int Collections)> InjectAsync(
        FakeDiscordServer server, IReadOnlyList<(ulong Guild, ulong Channel)> targets, ColdStartLoad load, int offset, CancellationToken ct)
    {
        bool held;
        try
        {
            held = GC.TryStartNoGCRegion(PhaseAllocationBudget);
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than this runtime's configuration allows (a heap hard limit): the phase runs as before.
            held = false;
        }

        var before = GC.CollectionCount(0);
        try
        {
            var (latencies, unanswered) = await InjectCoreAsync(server, targets, load, offset, ct);
            return (latencies, unanswered, GC.CollectionCount(0) - before);
        }
        finally
        {
            if (held && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }

    private static async Task<(Latencies Latencies, int Unanswered)> InjectCoreAsync(
        FakeDiscordServer server, IReadOnlyList<(ulong Guild, ulong Channel)> targets, ColdStartLoad load, int offset, CancellationToken ct)
    {
        var injected = new List<InjectedInteraction>(load.Count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < load.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)load.PerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            var n = offset + i;
            var (guild, channel) = targets[n % targets.Count];
            var options = new JsonArray(new JsonObject
            {
                ["type"] = 1,
                ["name"] = "search",
                ["options"] = new JsonArray(new JsonObject { ["type"] = 3, ["name"] = "query", ["value"] = load.Query(n) }),
            });
            injected.Add(await server.InjectSlashCommandAsync("paper", options, guild, channel, UserId + (ulong)(n % 50), "2147486736", ct: ct));
        }

        var latencies = new Latencies();
        var unanswered = 0;
        var each = new List<(int Index, double Ms)>();
        foreach (var (interaction, i) in injected.Select((x, i) => (x, i)))
        {
            try
            {
                // The fake faults the task once Discord's 3 s deadline passes without a callback.
                var elapsed = (await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(10), ct)).At - interaction.CreatedAt;
                latencies.Add(elapsed);
                each.Add((i, elapsed.TotalMilliseconds));
            }
            catch (TimeoutException)
            {
                unanswered++;
            }
        }

        // `--slowest N`: which interactions make the tail (their place in the phase and their query).
        foreach (var (index, ms) in each.OrderByDescending(x => x.Ms).Take(load.Slowest).OrderBy(x => x.Index))
        {
            Console.WriteLine($"    slow ({(offset == 0 ? "first" : "warm")}): #{index} at {index * 1000 / load.PerSecond} ms, {Latencies.Format(ms)}, \"{load.Query(offset + index)}\"");
        }

        return (latencies, unanswered);
    }

    private static Process Start(ColdStartVariant variant, string folder, string database, FakeDiscordServer server, ConcurrentQueue<string> output)
    {
        // As a user runs it: `dotnet paperbot.dll run` from the build or publish folder, configured by environment.
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(variant.Dll);
        start.ArgumentList.Add("run");
        var env = start.Environment;
        env["Discord__Token"] = server.BotToken;
        env["Discord__RestBaseUrl"] = server.RestBaseUrl.AbsoluteUri;
        env["Storage__DatabasePath"] = database;
        env["Bot__WarmUp"] = variant.WarmUp ? "true" : "false";
        env["Ingestion__RunOnStart"] = "false";
        env["Ingestion__HuggingFace__Enabled"] = "false";
        env["Ingestion__Arxiv__Enabled"] = "false";
        env["Ingestion__Arxiv__OnDemand"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__PaperBot.Hosting.InteractionWarmUp"] = "Information";
        foreach (var (name, value) in variant.Environment)
        {
            env[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + variant.Dll);
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is { Length: > 0 } && output.Count < 20_000)
        {
            output.Enqueue(line);
        }
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    [GeneratedRegex(@"Warmed up the interaction path \(\d+ replies\) in (?<ms>[0-9.]+) ms")]
    private static partial Regex WarmedUp();
}
