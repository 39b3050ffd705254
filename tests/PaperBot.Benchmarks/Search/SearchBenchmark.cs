using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Benchmarks.Harness;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Benchmarks.Search;

/// <summary>Import and search: plain FTS5 table (engine limit) vs PaperBot's store and search, side by side.</summary>
internal static class SearchBenchmark
{
    private const int Seed = 20261128;

    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        var count = args.Papers ?? (args.Smoke ? 2_000 : 100_000);
        var queries = args.Smoke ? 20 : 200;
        var warmUp = args.Smoke ? 5 : 20;
        var batchSize = args.Batch ?? PaperImporter.DefaultBatchSize; // as the CLI import does
        var corpus = new SyntheticCorpus(rareWords: args.Smoke ? 2_000 : 30_000);
        var dir = Path.Combine(args.WorkDirectory, $"search-{count}");
        // Written once both loads are complete: --keep only reuses databases that hold the whole corpus.
        var complete = Path.Combine(dir, args.NoPlain ? "complete-paperbot" : "complete");
        var reuse = args.Keep && File.Exists(complete);
        if (!reuse && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        Console.WriteLine($"search: {count:N0} papers in batches of {batchSize:N0}, vocabulary {corpus.Vocabulary.Count:N0} words ({corpus.HeadCount} frequent), {queries} queries per kind after {warmUp} warm-up, in {dir}");

        await using var plain = new PlainFtsBaseline(Path.Combine(dir, "plain.db"));
        var botPath = Path.Combine(dir, "paperbot.db");
        var connections = new SqliteConnectionFactory(botPath);
        var plainImport = TimeSpan.Zero;
        var botImport = TimeSpan.Zero;
        if (reuse)
        {
            Console.WriteLine("  reusing the databases of an earlier run (--keep): no import figures");
            if (!args.NoPlain)
            {
                await plain.OpenExistingAsync(ct);
            }
        }
        else
        {
            (plainImport, botImport) = await LoadAsync(args, corpus, count, batchSize, plain, connections, ct);
            await File.WriteAllTextAsync(complete, count.ToString(CultureInfo.InvariantCulture), ct);
        }

        var plainSize = FileSize(plain.Path);
        var botSize = FileSize(botPath);
        Console.WriteLine($"  stored in {plainImport.TotalSeconds:0.0} s (plain FTS5), {botImport.TotalSeconds:0.0} s (PaperBot)");
        var search = new PaperSearch(connections, TimeProvider.System, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance);
        // The same search without the background count of frequent words: what queries cost until that count
        // is done after the index changes (each word is then counted the first time a query needs it).
        var onDemand = new PaperSearch(connections, TimeProvider.System, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance)
        {
            CountFrequentWordsFrom = long.MaxValue,
        };

        var random = new Random(Seed + 1);
        // Its own random, so adding this kind left the other kinds' query strings as they were.
        var lighterRandom = new Random(Seed + 2);
        var (lighterFrom, lighterTo) = corpus.RanksInShareOfPapers(0.01, 0.05);
        Console.WriteLine($"  multi-term (2-3 in 1-5 %): words of rank {lighterFrom}-{lighterTo} (mid: rank 100-{corpus.HeadCount})");
        var kinds = new (string Name, Func<Random, string> Make)[]
        {
            ("rare term", r => corpus.Vocabulary[Pick(r, corpus.Vocabulary.Count / 2, corpus.Vocabulary.Count)]),
            ("multi-term (2-3 mid)", r => string.Join(' ', Enumerable.Range(0, r.Next(2, 4)).Select(_ => corpus.Vocabulary[Pick(r, 100, corpus.HeadCount)]))),
            ("common term", r => corpus.Vocabulary[Pick(r, 0, 15)]),
            ("common pair", r => corpus.Vocabulary[Pick(r, 0, 15)] + " " + corpus.Vocabulary[Pick(r, 0, 15)]),
            ("multi-term (2-3 in 1-5 %)", _ => string.Join(' ', Enumerable.Range(0, lighterRandom.Next(2, 4)).Select(i => corpus.Vocabulary[Pick(lighterRandom, lighterFrom, lighterTo)]))),
        };

        var table = new Table("measure", "plain FTS5", "PaperBot", "ratio / target");
        var plainRate = args.NoPlain || reuse ? double.NaN : count / plainImport.TotalSeconds;
        var botRate = reuse ? double.NaN : count / botImport.TotalSeconds;
        table.Add("import papers/s", Rate(plainRate), Rate(botRate), string.Create(CultureInfo.InvariantCulture, $"{botRate / plainRate:0.00}x (target >= 0.8x)"));
        table.Add("database size", Mb(plainSize), Mb(botSize), "");
        if (args.ImportOnly)
        {
            Console.WriteLine();
            Console.WriteLine($"search benchmark (import only), {count:N0} papers in batches of {batchSize:N0} ({Environment.ProcessorCount} cores)");
            table.Print(Console.Out);
            return;
        }

        // A first search finds the index new to this process and starts counting its frequent words in the
        // background, as after every import; the figures below are for searches after that count.
        var counting = Stopwatch.StartNew();
        // (A rare word: words in more than a few per cent of papers take the common-word plan, which keeps no counts.)
        await search.SearchAsync(new SearchRequest(corpus.Vocabulary[^1]), ct);
        await search.FrequentWordsCounted;
        Console.WriteLine($"  frequent words (in {PaperSearch.FrequentWordRows:N0}+ papers) counted, and the best-paper lists of the {PaperSearch.PrebuiltLists} most frequent made, in {counting.Elapsed.TotalSeconds:0.0} s");
        foreach (var (name, make) in kinds)
        {
            var warm = Enumerable.Range(0, warmUp).Select(_ => make(random)).ToList();
            var measured = Enumerable.Range(0, queries).Select(_ => make(random)).ToList();
            var plainLatency = args.NoPlain || (args.NoPlainCommon && name.StartsWith("common", StringComparison.Ordinal)) ? new Latencies() : await Latencies.MeasureAsync(warm, measured, q => plain.SearchAsync(q, ct));
            var botLatency = await Latencies.MeasureAsync(warm, measured, async q =>
            {
                var results = await search.SearchAsync(new SearchRequest(q, Limit: 10), ct);
                if (results.Error is not null)
                {
                    throw new InvalidOperationException($"search '{q}' failed: {results.Error}");
                }
            });
            table.Add($"{name} p50", plainLatency.P50, botLatency.P50, "");
            table.Add($"{name} p99", plainLatency.P99, botLatency.P99, Target(name));
            if (name.StartsWith("multi-term", StringComparison.Ordinal) && !args.Smoke)
            {
                var counted = await Latencies.MeasureAsync(warm, measured, q => onDemand.SearchAsync(new SearchRequest(q, Limit: 10), ct));
                table.Add($"{name} p99, before the count", "", counted.P99, "");
            }
        }

        await MeasureRareCategoryAsync(connections, warmUp, queries, table, ct);
        if (!args.Smoke || count <= 10_000)
        {
            await CommonOverlap.MeasureAsync(connections, kinds.Where(k => k.Name.StartsWith("common", StringComparison.Ordinal)).ToList(), new Random(Seed + 3), args.Smoke ? 5 : 30, table, ct);
        }

        // What a user types into /paper search: the first one to three words of a title, the last one cut
        // anywhere (one letter included), as Discord sends it after each keystroke.
        var titles = corpus.Papers(Math.Min(count, 5_000), Seed).Select(p => p.Title).ToList();
        string Partial(Random r)
        {
            var words = titles[r.Next(titles.Count)].Split(' ');
            var n = r.Next(1, Math.Min(3, words.Length) + 1);
            var last = words[n - 1];
            return string.Join(' ', words.Take(n - 1).Append(last[..r.Next(1, last.Length + 1)]));
        }

        var suggest = await Latencies.MeasureAsync(
            Enumerable.Range(0, warmUp).Select(_ => Partial(random)).ToList(),
            Enumerable.Range(0, queries).Select(_ => Partial(random)).ToList(),
            p => search.SuggestTitlesAsync(p, 25, ct));
        table.Add("autocomplete p50", "-", suggest.P50, "");
        table.Add("autocomplete p99", "-", suggest.P99, "100k target < 100 ms");
        Console.WriteLine();
        Console.WriteLine($"search benchmark, {count:N0} papers ({Environment.ProcessorCount} cores)");
        table.Print(Console.Out);
    }

    // A category of one paper in a thousand, given to stored papers (the corpus has one category): `cat:` alone, read
    // through the category index (paper_categories) and, as before it, by checking every paper's own list.
    private static async Task MeasureRareCategoryAsync(SqliteConnectionFactory connections, int warmUp, int queries, Table table, CancellationToken ct)
    {
        var connection = await connections.OpenAsync(ct);
        await using (connection)
        {
            using var mark = connection.CreateCommand();
            mark.CommandText = "UPDATE papers SET categories = '[\"q-bio.NC\",\"cs.LG\"]' WHERE seq % 1000 = 7 AND categories = '[\"cs.LG\"]'";
            await mark.ExecuteNonQueryAsync(ct);
        }

        string[] asked = ["cat:q-bio.NC", "cat:q-bio.NC --sort upvotes", "cat:q-bio since:2020-01-01"];
        var kinds = new[] { true, false }.Select(byIndex => new PaperSearch(connections, TimeProvider.System, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance)
        {
            ReadsRareCategoriesByIndex = byIndex,
        }).ToArray();
        var latencies = new List<Latencies>();
        foreach (var search in kinds)
        {
            latencies.Add(await Latencies.MeasureAsync(
                [.. Enumerable.Range(0, warmUp).Select(i => asked[i % asked.Length])],
                [.. Enumerable.Range(0, queries).Select(i => asked[i % asked.Length])],
                q => search.SearchAsync(new SearchRequest(q.Replace(" --sort upvotes", "", StringComparison.Ordinal), q.EndsWith("upvotes", StringComparison.Ordinal) ? SearchSort.Upvotes : SearchSort.Relevance, Limit: 10), ct)));
        }

        table.Add("rare category alone (0.1 %) p50 / p99", $"each paper's list {latencies[1].P50} / {latencies[1].P99}", $"category index {latencies[0].P50} / {latencies[0].P99}", "");
    }

    // Both stores are fed the same chunks (the importer's batch size) in turn, so both see the same machine load
    // (other builds share this machine), and only storing is timed: each chunk is generated before either clock
    // starts. The plain table keeps one transaction open across all chunks; PaperBot commits each chunk, as the
    // CLI import does. Each side's final checkpoint (writing the log into the database file) is timed too.
    private static async Task<(TimeSpan Plain, TimeSpan Bot)> LoadAsync(
        BenchmarkArgs args, SyntheticCorpus corpus, int count, int batchSize, PlainFtsBaseline plain, SqliteConnectionFactory connections, CancellationToken ct)
    {
        await new DatabaseMigrator(connections, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(ct);
        var store = new PaperStore(connections, TimeProvider.System);
        var plainImport = TimeSpan.Zero;
        var botImport = TimeSpan.Zero;
        if (!args.NoPlain)
        {
            plainImport += await TimeAsync(() => plain.BeginLoadAsync(ct));
        }

        foreach (var chunk in corpus.Papers(count, Seed).Chunk(batchSize))
        {
            if (!args.NoPlain)
            {
                plainImport += await TimeAsync(() => plain.AddAsync(chunk, ct));
            }

            botImport += await TimeAsync(() => store.UpsertManyAsync(chunk, ct));
        }

        if (!args.NoPlain)
        {
            plainImport += await TimeAsync(() => plain.EndLoadAsync(ct));
        }

        botImport += await TimeAsync(() => CheckpointAsync(connections, ct));
        return (plainImport, botImport);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start);
    }

    private static int Pick(Random random, int from, int to) => random.Next(from, Math.Max(from + 1, to));

    private static string Target(string kind) => kind switch
    {
        "rare term" => "1M target <= 20 ms",
        "multi-term (2-3 mid)" => "1M target <= 50 ms",
        "multi-term (2-3 in 1-5 %)" => "",
        _ => "1M target < 50 ms",
    };

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    private static long FileSize(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    private static async Task CheckpointAsync(SqliteConnectionFactory connections, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync(ct);
    }
}
