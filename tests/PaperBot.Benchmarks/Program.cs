using PaperBot.Benchmarks.Digest;
using PaperBot.Benchmarks.Discord;
using PaperBot.Benchmarks.Eval;
using PaperBot.Benchmarks.Harness;
using PaperBot.Benchmarks.Import;
using PaperBot.Benchmarks.Meaning;
using PaperBot.Benchmarks.Replica;
using PaperBot.Benchmarks.Search;

var options = BenchmarkArgs.Parse(args);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var benchmarks = new Dictionary<string, Func<BenchmarkArgs, CancellationToken, Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["search"] = SearchBenchmark.RunAsync,
    ["autocomplete"] = AutocompleteBenchmark.RunAsync,
    ["common"] = CommonWordsBenchmark.RunAsync,
    ["rest"] = RestBenchmark.RunAsync,
    ["limiter"] = LimiterBenchmark.RunAsync,
    ["gateway"] = GatewayBenchmark.RunAsync,
    ["digest"] = (o, ct) => DigestBenchmark.RunAsync(o, args, ct),
    ["eval"] = (o, ct) => EvalBenchmark.RunAsync(o, args, ct),
    ["meaning"] = MeaningBenchmark.RunAsync,
    ["replica"] = ReplicaBenchmark.RunAsync,
    ["fleet"] = (o, ct) => FleetBenchmark.RunAsync(o, args, ct),
    ["coldstart"] = (o, ct) => ColdStartBenchmark.RunAsync(o, args, ct),
};

// Not part of "all": it only writes a data file for import-rss.sh.
if (options.Name.Equals("import-file", StringComparison.OrdinalIgnoreCase))
{
    await ImportFileBenchmark.RunAsync(options, cts.Token);
    return 0;
}

if (options.Name.Equals("all", StringComparison.OrdinalIgnoreCase))
{
    // Not coldstart: it publishes the app (minutes) and starts a dozen bot processes.
    foreach (var (name, run) in benchmarks.Where(b => b.Key != "coldstart"))
    {
        await run(options, cts.Token);
    }

    return 0;
}

if (!benchmarks.TryGetValue(options.Name, out var benchmark))
{
    Console.Error.WriteLine($"usage: <{string.Join('|', benchmarks.Keys)}|all> [--papers N] [--smoke] [--dir PATH] [--channels N] [--concurrency N] [--guilds N] [--digest-channels N] [--digest-papers P] [--corpus sample|arxiv|all] [--data DIR] [--runs N] [--no-r2r|--r2r DIR] [--count N] [--rate R]");
    return 2;
}

await benchmark(options, cts.Token);
return 0;
