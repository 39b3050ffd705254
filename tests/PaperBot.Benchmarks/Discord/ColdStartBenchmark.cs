using System.Diagnostics;
using System.Globalization;
using PaperBot.Benchmarks.Harness;
using PaperBot.Benchmarks.Search;
using PaperBot.Ingestion.Importers;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// <c>coldstart [--runs N] [--papers N] [--no-r2r | --r2r DIR] [--build DIR] [--count N] [--rate N] [--slowest N] [--gap MS] [--distinct] [--warm-new] [--only TEXT] [--bot-env NAME=VALUE]... [--bot-log FILE] [--first-install] [--smoke]</c>: the first 300 <c>/paper search</c> after a
/// real bot process's READY at 100/s, then 300 more once warm, through the fake Discord on loopback, for each way
/// of starting: the <c>dotnet build</c> output (JIT only) with the start-up warm-up off (<c>Bot:WarmUp=false</c>) and
/// on, and a ReadyToRun <c>dotnet publish -r linux-x64</c> (as the Dockerfile publishes) with it off and on. Each
/// run is a fresh process on a fresh store (the embedded samples, plus <c>--papers N</c> synthetic papers imported
/// with <c>paperbot import</c> before the start); the variants take turns so machine load falls on all alike. Each
/// run's fake Discord holds the commands the bot registered in the run before (a restart or a deploy, which finds
/// its commands registered); <c>--first-install</c> starts each with none, so every start also registers them.
/// Figures only; nothing is asserted.
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task RunAsync(BenchmarkArgs args, string[] raw, CancellationToken ct)
    {
        var runs = Option(raw, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : args.Smoke ? 1 : 3;
        var load = new ColdStartLoad(
            Option(raw, "--count") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 300,
            Option(raw, "--rate") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 100,
            Option(raw, "--slowest") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 0,
            Option(raw, "--gap") is { } g ? TimeSpan.FromMilliseconds(int.Parse(g, CultureInfo.InvariantCulture)) : TimeSpan.Zero);
        if (raw.Contains("--distinct") || raw.Contains("--warm-new"))
        {
            // `--warm-new` (implies `--distinct`): the warm phase's sentences are new too (the next ones of the list), so
            // it times a warm bot on sentences it has never embedded, the fair comparison for `--distinct`'s first phase.
            var wanted = raw.Contains("--warm-new") ? 2 * load.Count : load.Count;
            var texts = DistinctQueries(wanted);
            if (texts.Count < wanted)
            {
                // Past the list's end the queries would come round again, and the sentences would no longer be new.
                throw new InvalidOperationException($"{wanted} new sentences wanted, the list has {texts.Count}: lower --count.");
            }

            load = load with { Texts = texts };
        }
        var repository = Repository();
        // The app's own build folder, as `dotnet build` leaves it (the benchmark's folder holds a paperbot.dll too,
        // but without all of the app's dependencies beside it).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";
        var build = Option(raw, "--build") is { } folder ? Path.Combine(folder, "paperbot.dll") : Path.Combine(repository, "src", "PaperBot", "bin", configuration, "net10.0", "paperbot.dll");
        if (!File.Exists(build))
        {
            throw new InvalidOperationException($"{build} not found: build src/PaperBot in the benchmark's configuration, or name its output with --build DIR.");
        }

        var root = Path.Combine(args.WorkDirectory, "coldstart");
        Directory.CreateDirectory(root);
        var variants = new List<ColdStartVariant>
        {
            new("build (JIT), warm-up off", build, WarmUp: false),
            new("build (JIT), warm-up on", build, WarmUp: true),
        };
        if (!raw.Contains("--no-r2r"))
        {
            var published = Option(raw, "--r2r") ?? await PublishAsync(repository, root, ct);
            var dll = Path.Combine(published, "paperbot.dll");
            // The publish runs with the runtime settings the Docker image gives it (`--image-env off`: without them).
            var image = Option(raw, "--image-env") == "off" ? [] : ImageRuntimeEnvironment(repository);
            variants.Add(new("ReadyToRun publish, warm-up off", dll, WarmUp: false) { Environment = image });
            variants.Add(new("ReadyToRun publish, warm-up on", dll, WarmUp: true) { Environment = image });
        }

        // `--bot-env NAME=VALUE` (repeatable): set for every bot process, not for this one (which runs the fake Discord).
        var botEnvironment = raw.Select((a, i) => (a, i)).Where(x => x.a == "--bot-env" && x.i + 1 < raw.Length)
            .Select(x => raw[x.i + 1].Split('=', 2)).Select(kv => new KeyValuePair<string, string>(kv[0], kv.Length > 1 ? kv[1] : "")).ToList();
        // `--only TEXT`: just the variants whose name contains TEXT (e.g. "ReadyToRun publish, warm-up on").
        var only = Option(raw, "--only");
        // `--bot-log FILE`: every line each bot printed is appended to FILE (with --bot-env for its log settings).
        var botLog = Option(raw, "--bot-log");
        variants = [.. variants.Where(v => only is null || v.Name.Contains(only, StringComparison.Ordinal)).Select(v => v with { Environment = [.. v.Environment.Where(e => botEnvironment.All(b => b.Key != e.Key)), .. botEnvironment], BotLog = botLog })];
        if (variants.Count == 0)
        {
            throw new InvalidOperationException($"--only {only}: no variant's name contains it.");
        }

        var template = args.Papers is { } papers and > 0 ? await ImportAsync(build, root, papers, ct) : null;
        var firstInstall = raw.Contains("--first-install");
        Console.WriteLine($"coldstart: {runs} run(s) of each of {variants.Count} variants, {(firstInstall ? "first starts (Discord holds no commands)" : "restarts (Discord holds the commands the run before registered)")}{(botEnvironment.Count > 0 ? " (bot environment: " + string.Join(' ', botEnvironment.Select(kv => kv.Key + "=" + kv.Value)) + ")" : "")}; {load.Count} /paper search at {load.PerSecond}/s from READY, then {load.Count} warm; store: the samples{(args.Papers > 0 ? $" + {args.Papers:N0} synthetic papers" : "")}; load average at start {LoadAverage()}");
        foreach (var variant in variants.Where(v => v.Environment.Count > 0))
        {
            Console.WriteLine($"  {variant.Name} runs with {string.Join(' ', variant.Environment.Select(kv => kv.Key + "=" + kv.Value))}");
        }

        // One discarded run first: the fake Discord runs in this process, and its own first dispatches and
        // callbacks would otherwise count against whichever variant came first.
        var discarded = await ColdStartRun.RunAsync(variants[^1], load, Path.Combine(root, "discarded"), template, null, ct);
        var commands = firstInstall ? null : discarded.Commands;
        var results = new List<ColdStartResult>();
        for (var run = 1; run <= runs; run++)
        {
            foreach (var variant in variants)
            {
                var result = await ColdStartRun.RunAsync(variant, load, Path.Combine(root, $"run-{run}"), template, commands, ct);
                results.Add(result);
                foreach (var problem in result.FirstUnanswered + result.WarmUnanswered > 0 ? result.Problems : [])
                {
                    Console.WriteLine($"    bot: {problem}");
                }

                Console.WriteLine($"  run {run}, {variant.Name}: READY {Ms(result.Ready.TotalMilliseconds)}, first p99 {Latencies.Format(result.First.Percentile(99))}, warm p99 {Latencies.Format(result.Warm.Percentile(99))}, warm CPU {result.WarmCpuPerInteraction.TotalMilliseconds:0.00} ms an interaction, commands overwritten {result.CommandOverwrites} time(s), benchmark's own collections {result.HarnessCollections.First} / {result.HarnessCollections.Warm} (load {result.Load})");
            }
        }

        var table = new Table("variant", "run", "READY after start", "warm-up", $"first {load.Count} p50 / p99 / max", $"warm {load.Count} p50 / p99 / max", "unanswered", "RSS", "load");
        foreach (var (result, i) in results.Select((x, i) => (x, i)))
        {
            table.Add(result.Variant.Name, (1 + (i / variants.Count)).ToString(CultureInfo.InvariantCulture), Ms(result.Ready.TotalMilliseconds),
                result.WarmUpMs is { } w ? Ms(w) : "-", Figures(result.First), Figures(result.Warm), $"{result.FirstUnanswered} / {result.WarmUnanswered}", Mb(result.Rss), result.Load);
        }

        Console.WriteLine();
        Console.WriteLine("each run (unanswered: first / warm; load: 1-minute load average after the run)");
        table.Print(Console.Out);

        var pooled = new Table("variant (pooled runs)", "READY after start (median)", "warm-up (median)", $"first {load.Count} p50 / p99 / max", $"warm {load.Count} p50 / p99 / max", "unanswered", "RSS (median)");
        foreach (var group in results.GroupBy(x => x.Variant))
        {
            var first = new Latencies();
            var warm = new Latencies();
            foreach (var result in group)
            {
                first.AddAll(result.First);
                warm.AddAll(result.Warm);
            }

            var warmUps = group.Where(x => x.WarmUpMs is not null).Select(x => x.WarmUpMs!.Value).ToList();
            pooled.Add(group.Key.Name, Ms(Median(group.Select(x => x.Ready.TotalMilliseconds))), warmUps.Count > 0 ? Ms(Median(warmUps)) : "-",
                Figures(first), Figures(warm), $"{group.Sum(x => x.FirstUnanswered)} / {group.Sum(x => x.WarmUnanswered)}", Mb((long)Median(group.Select(x => (double)x.Rss))));
        }

        Console.WriteLine($"pooled over {runs} run(s) per variant (target from issue 17: first 300 at 100/s, p99 <= 15 ms); load average at the end {LoadAverage()}");
        pooled.Print(Console.Out);
    }

    /// <summary>
    /// The runtime's own settings (<c>DOTNET_</c> variables) that the Dockerfile's final stage sets for the published
    /// app, such as the JIT's call-counting delay; the rest of its environment (paths, log format) the benchmark sets
    /// itself.
    /// </summary>
    private static List<KeyValuePair<string, string>> ImageRuntimeEnvironment(string repository)
    {
        var text = File.ReadAllText(Path.Combine(repository, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        return [.. lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal)))
            .Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            .Where(pair => pair.StartsWith("DOTNET_", StringComparison.Ordinal) && pair.Contains('=', StringComparison.Ordinal))
            .Select(pair => pair.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]))];
    }

    /// <summary>A ReadyToRun publish of the app as the Dockerfile makes it (framework-dependent, linux-x64).</summary>
    private static async Task<string> PublishAsync(string repository, string root, CancellationToken ct)
    {
        var project = Path.Combine(repository, "src", "PaperBot", "PaperBot.csproj");
        var output = Path.Combine(root, "publish-r2r");
        Console.WriteLine($"coldstart: dotnet publish -c Release -r linux-x64 --self-contained false -o {output} (ReadyToRun; --no-r2r skips it, --r2r DIR reuses one)");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", output, "-v", "q", "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"dotnet publish failed (exit {process.ExitCode})");
    }

    /// <summary>A store holding the samples and <paramref name="count"/> synthetic papers, imported by the real CLI; each run copies it.</summary>
    private static async Task<string> ImportAsync(string build, string root, int count, CancellationToken ct)
    {
        var template = Path.Combine(root, $"template-{count}.db");
        if (File.Exists(template))
        {
            return template;
        }

        var jsonl = Path.Combine(root, $"papers-{count}.jsonl");
        await using (var writer = new StreamWriter(jsonl, append: false, PaperJsonLines.Utf8NoBom, bufferSize: 1 << 16))
        {
            await PaperJsonLines.WriteAsync(writer, new SyntheticCorpus(rareWords: 30_000).Papers(count, seed: 17), ct);
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(build);
        start.ArgumentList.Add("import");
        start.ArgumentList.Add(jsonl);
        start.Environment["Storage__DatabasePath"] = template + ".partial";
        // Stored only, as before imports embedded what they stored: the bot embeds them in the background from its start.
        start.Environment["Semantic__Enabled"] = "false";
        using var process = Process.Start(start)!;
        _ = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"paperbot import failed (exit {process.ExitCode})");
        }

        foreach (var suffix in new[] { "-wal", "-shm", "" }.Where(s => File.Exists(template + ".partial" + s)))
        {
            File.Move(template + ".partial" + suffix, template + suffix);
        }

        File.Delete(jsonl);
        return template;
    }

    private static string Repository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaperBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("PaperBot.sln not found above the benchmark");
    }

    /// <summary>
    /// <c>--distinct</c>: <paramref name="count"/> different queries, none a repeat, so every first one is a sentence or
    /// words the bot has never embedded: the evaluation set's queries (tests/PaperBot.Tests/TestData/Eval), then the same
    /// with a few words added. The warm phase repeats them, or with <c>--warm-new</c> (twice <paramref name="count"/>) takes
    /// the next ones.
    /// </summary>
    private static List<string> DistinctQueries(int count)
    {
        var file = Path.Combine(Eval.EvalData.Directory(), Eval.EvalData.QueriesFile);
        var texts = File.ReadLines(file).Where(l => l.Length > 0)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("query").GetString()!)
            .Distinct(StringComparer.Ordinal).ToList();
        string[] additions = ["", " in practice", " a survey", " benchmarks and results", " for small models", " open problems"];
        return additions.SelectMany(a => texts.Select(t => t + a)).Take(count).ToList();
    }

    private static string? Option(string[] raw, string name)
    {
        var i = Array.IndexOf(raw, name);
        return i >= 0 && i + 1 < raw.Length ? raw[i + 1] : null;
    }

    private static string Figures(Latencies latencies) =>
        $"{Latencies.Format(latencies.Percentile(50))} / {Latencies.Format(latencies.Percentile(99))} / {Latencies.Format(latencies.Percentile(100))}";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
    }

    private static string Ms(double ms) => ms.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MB";

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
