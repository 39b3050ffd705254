using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PaperBot.Benchmarks.Eval;
using PaperBot.Benchmarks.Harness;
using PaperBot.Papers.Semantic;

namespace PaperBot.Benchmarks.Meaning;

/// <summary>
/// The real model on real text: papers/s over the evaluation corpus's arXiv abstracts (as <c>paperbot embed</c>
/// runs them) and query embedding latency over the evaluation queries, with where a query's time goes.
/// </summary>
internal static class EmbeddingFigures
{
    /// <summary>Returns the corpus papers' vectors and the natural queries' texts and vectors, for the other parts.</summary>
    public static (IReadOnlyList<float[]> Papers, IReadOnlyList<string> Queries, IReadOnlyList<float[]> QueryVectors) Run(BenchmarkArgs args, Table table, CancellationToken ct)
    {
        var settings = new SemanticOptions();
        var model = EmbeddingModel.ArcticXs;
        var loading = Stopwatch.StartNew();
        var files = EmbeddingModelFiles.Read(model.DefaultPath, model.ResourcePrefix, settings.Precision, model.Pooling == EmbeddingPooling.Cls);
        using var embedder = new TextEmbedder(model, files, settings.RunThreads, settings.MaxTokens, settings.EffectiveBatchSize, settings.ParallelRuns);
        table.Add("model load", Latencies.Format(loading.Elapsed.TotalMilliseconds), "");

        var data = EvalData.Directory();
        var papers = ReadCorpus(EvalData.CorpusFile(data, EvalData.ArxivCorpus)!);
        if (args.Smoke)
        {
            papers = [.. papers.Take(32)];
        }

        var tokens = papers.Select(p => embedder.Tokenizer.Encode(p, settings.MaxTokens).Length).ToArray();
        Console.WriteLine($"  embedding {papers.Count} arXiv papers (title. abstract, mean {tokens.Average():0} word pieces after the cut at {settings.MaxTokens}), {settings.EffectiveThreads} threads, batch {settings.EffectiveBatchSize}");
        embedder.EmbedDocuments(papers.Take(16).ToArray(), ct);
        var rounds = args.Smoke ? 1 : 2;
        var best = 0.0;
        var cpu = double.MaxValue;
        float[][] paperVectors = [];
        for (var round = 0; round < rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            paperVectors = embedder.EmbedDocuments(papers, ct);
            best = Math.Max(best, papers.Count / Stopwatch.GetElapsedTime(started).TotalSeconds);
            cpu = Math.Min(cpu, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / papers.Count);
        }

        table.Add("embedding papers/s (best of " + rounds + ")", best.ToString("0.0", CultureInfo.InvariantCulture), ">= 30");
        // CPU time does not grow with other processes' load as wall time does: the rate two idle cores would reach.
        table.Add("  CPU time per paper (rate on 2 idle cores)", string.Create(CultureInfo.InvariantCulture, $"{cpu:0} ms ({Environment.ProcessorCount * 1000 / cpu:0.0} papers/s)"), "");

        var queries = ReadQueries(Path.Combine(data, EvalData.QueriesFile));
        var repeat = args.Smoke ? 1 : 5;
        var total = new Latencies();
        var tokenizing = new Latencies();
        foreach (var query in queries.Take(10))
        {
            embedder.EmbedQuery(query, ct);
        }

        var queryCpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var r = 0; r < repeat; r++)
        {
            foreach (var query in queries)
            {
                var started = Stopwatch.GetTimestamp();
                embedder.EmbedQuery(query, ct);
                total.Add(Stopwatch.GetElapsedTime(started));
                started = Stopwatch.GetTimestamp();
                embedder.Tokenizer.Encode(model.QueryPrefix + query, settings.MaxTokens);
                tokenizing.Add(Stopwatch.GetElapsedTime(started));
            }
        }

        table.Add($"query embedding p50 ({total.Count} runs of {queries.Count} queries)", total.P50, "");
        table.Add("query embedding p99", total.P99, "<= 15 ms");
        table.Add("  of which tokenizing p50 / p99", tokenizing.P50 + " / " + tokenizing.P99, "");
        var perQuery = (Process.GetCurrentProcess().TotalProcessorTime - queryCpu).TotalMilliseconds / total.Count;
        table.Add("  CPU time per query (both threads)", Latencies.Format(perQuery), "");
        return (paperVectors, queries, [.. queries.Select(q => embedder.EmbedQuery(q, ct))]);
    }

    /// <summary><c>paperbot import</c> of the corpus, then <c>paperbot embed</c> in its own process: its stated rate and peak RSS.</summary>
    public static async Task RunEmbedCommandAsync(BenchmarkArgs args, Table table, CancellationToken ct)
    {
        var cli = CliProcess.Find();
        if (cli is null)
        {
            table.Add("paperbot embed", "(no built paperbot.dll found)", "");
            return;
        }

        var dir = Path.Combine(args.WorkDirectory, "meaning-embed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var db = Path.Combine(dir, "papers.db");
            await CliProcess.RunAsync(cli, ["--db", db, "import", "--no-embed", EvalData.CorpusFile(EvalData.Directory(), EvalData.ArxivCorpus)!], ct);
            var embed = await CliProcess.RunAsync(cli, ["--db", db, "embed"], ct);
            var said = (embed.Out + embed.Error).Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("Embedded", StringComparison.Ordinal)) ?? "";
            var rate = System.Text.RegularExpressions.Regex.Match(said, @"\(([0-9.]+) papers/s\)");
            table.Add("paperbot embed of the 277 papers (its stated rate)", rate.Success ? rate.Groups[1].Value + " papers/s" : said, ">= 30");
            table.Add("peak RSS of paperbot embed", embed.PeakRssMb.ToString("N0", CultureInfo.InvariantCulture) + " MB", "<= 800 MB");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> ReadCorpus(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(line =>
        {
            using var paper = JsonDocument.Parse(line);
            var root = paper.RootElement;
            return TextEmbedder.DocumentText(root.GetProperty("title").GetString() ?? "", root.GetProperty("abstract").GetString() ?? "");
        })];

    /// <summary>The natural-language queries (sentences and questions, not the exact-term ones).</summary>
    private static List<string> ReadQueries(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(line =>
        {
            using var query = JsonDocument.Parse(line);
            return query.RootElement.GetProperty("kind").GetString() == "natural" ? query.RootElement.GetProperty("query").GetString() ?? "" : "";
        }).Where(q => q.Length > 0)];
}
