using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Benchmarks.Harness;
using PaperBot.Papers.Search;

namespace PaperBot.Benchmarks.Search;

/// <summary>
/// Autocomplete alone, on the store a <c>search --keep</c> run left (<c>--dir</c>, <c>--papers</c>): random partial titles
/// as the search benchmark makes them, then titles typed keystroke by keystroke as Discord sends them. The store is
/// migrated first (as the bot does at start), so a new index is built before anything is timed.
/// </summary>
internal static class AutocompleteBenchmark
{
    private const int Seed = 20261128;

    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        if (await KeptSearchStore.OpenAsync(args, "autocomplete", ct) is not { } store)
        {
            return;
        }

        var (connections, count) = store;

        var queries = args.Smoke ? 50 : 1_000;
        var corpus = new SyntheticCorpus(rareWords: args.Smoke ? 2_000 : 30_000);
        var titles = corpus.Papers(Math.Min(count, 5_000), Seed).Select(p => p.Title).ToList();
        var random = new Random(Seed + 4);
        string Partial()
        {
            var words = titles[random.Next(titles.Count)].Split(' ');
            var n = random.Next(1, Math.Min(3, words.Length) + 1);
            var last = words[n - 1];
            return string.Join(' ', words.Take(n - 1).Append(last[..random.Next(1, last.Length + 1)]));
        }

        // Typing: every prefix of the first three words of a title, one keystroke at a time.
        IEnumerable<string> Typed()
        {
            var text = string.Join(' ', titles[random.Next(titles.Count)].Split(' ').Take(3));
            return Enumerable.Range(1, text.Length).Select(n => text[..n]);
        }

        var search = new PaperSearch(connections, TimeProvider.System, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance);
        var table = new Table("measure", "value");
        var timed = new List<(string Partial, double Ms)>();
        var partials = await Latencies.MeasureAsync(
            Enumerable.Range(0, 50).Select(_ => Partial()).ToList(),
            Enumerable.Range(0, queries).Select(_ => Partial()).ToList(),
            async p =>
            {
                var started = Stopwatch.GetTimestamp();
                await search.SuggestTitlesAsync(p, 25, ct);
                timed.Add((p, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            });
        table.Add("autocomplete, random partials p50 / p99", $"{partials.P50} / {partials.P99} ({partials.Count})");

        // What makes the tail: the slowest partials (the warm-up pass's 50 included).
        Console.WriteLine("autocomplete: the 12 slowest random partials");
        foreach (var (partial, ms) in timed.OrderByDescending(t => t.Ms).Take(12))
        {
            Console.WriteLine($"  {Latencies.Format(ms),9}  \"{partial}\"");
        }

        var keystrokes = new List<string>();
        while (keystrokes.Count < queries)
        {
            keystrokes.AddRange(Typed());
        }

        var typed = await Latencies.MeasureAsync([], keystrokes, p => search.SuggestTitlesAsync(p, 25, ct));
        table.Add("autocomplete, typed keystroke by keystroke p50 / p99", $"{typed.P50} / {typed.P99} ({typed.Count})");
        Console.WriteLine();
        Console.WriteLine($"autocomplete benchmark, {count:N0} papers ({Environment.ProcessorCount} cores)");
        table.Print(Console.Out);
    }
}
