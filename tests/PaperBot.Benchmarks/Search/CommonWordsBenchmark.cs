using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Benchmarks.Harness;
using PaperBot.Papers.Search;

namespace PaperBot.Benchmarks.Search;

/// <summary>
/// Common-word queries alone, on the store a <c>search --keep</c> run left (<c>--dir</c>, <c>--papers</c>): every one of
/// the corpus's 15 most frequent words, and every pair of them, as the search benchmark draws them, each asked three
/// times after the frequent words are counted and their lists made. Prints p50 / p99 over all the runs, and the
/// slowest queries with how many of their candidates needed a look-up in the index; then, for 30 of each kind, the
/// top 10's overlap with exact BM25 over every match (a few seconds a query at a million papers).
/// </summary>
internal static class CommonWordsBenchmark
{
    private const int Words = 15;
    private const int Rounds = 3;

    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        if (await KeptSearchStore.OpenAsync(args, "common", ct) is not { } store)
        {
            return;
        }

        var (connections, count) = store;

        var corpus = new SyntheticCorpus(rareWords: args.Smoke ? 2_000 : 30_000);
        var search = new PaperSearch(connections, TimeProvider.System, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance);
        var counting = Stopwatch.StartNew();
        await search.SearchAsync(new SearchRequest(corpus.Vocabulary[^1]), ct);
        await search.FrequentWordsCounted;
        Console.WriteLine($"common: frequent words counted and lists made in {counting.Elapsed.TotalSeconds:0.0} s");

        var head = corpus.Vocabulary.Take(Words).ToList();
        var kinds = new (string Name, List<string> Queries)[]
        {
            ("common term", head),
            ("common pair", [.. head.SelectMany(a => head.Select(b => $"{a} {b}"))]),
        };
        var table = new Table("measure", "value", "", "");
        foreach (var (name, queries) in kinds)
        {
            // A first round makes any list the background did not (a stem that is not its own stem).
            foreach (var query in queries)
            {
                await search.SearchAsync(new SearchRequest(query, Limit: 10), ct);
            }

            var all = new Latencies();
            var slowest = new List<(string Query, double Ms, long LookedUp)>();
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var query in queries)
                {
                    var lookedUp = search.CandidatesLookedUp;
                    var started = Stopwatch.GetTimestamp();
                    var results = await search.SearchAsync(new SearchRequest(query, Limit: 10), ct);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (results.Error is not null)
                    {
                        throw new InvalidOperationException($"search '{query}' failed: {results.Error}");
                    }

                    all.Add(ms);
                    slowest.Add((query, ms, search.CandidatesLookedUp - lookedUp));
                }
            }

            table.Add($"{name} p50 / p99 ({queries.Count} queries x {Rounds})", $"{all.P50} / {all.P99}");
            Console.WriteLine($"common: the 12 slowest of {name}");
            foreach (var (query, ms, lookedUp) in slowest.OrderByDescending(s => s.Ms).Take(12))
            {
                Console.WriteLine($"  {Latencies.Format(ms),9}  {lookedUp,6:N0} looked up  \"{query}\"");
            }
        }

        // Right as well as fast: the top 10 against exact BM25 over every match, as the search benchmark draws the queries.
        await CommonOverlap.MeasureAsync(
            connections,
            [("common term", r => head[r.Next(Words)]), ("common pair", r => $"{head[r.Next(Words)]} {head[r.Next(Words)]}")],
            new Random(20261128 + 3),
            args.Smoke ? 5 : 30,
            table,
            ct);
        Console.WriteLine();
        Console.WriteLine($"common-word benchmark, {count:N0} papers ({Environment.ProcessorCount} cores)");
        table.Print(Console.Out);
    }
}
