using PaperBot.Benchmarks.Harness;

namespace PaperBot.Benchmarks.Meaning;

/// <summary>
/// Search by meaning: the model's speed on real papers and queries, the exact vector scan against an
/// approximate index, and hybrid search over a store of synthetic papers with synthetic vectors
/// (<c>--papers N</c>, 100,000 by default, 2,000 with --smoke; --keep reuses the store and the index).
/// </summary>
internal static class MeaningBenchmark
{
    private const int VectorSeed = 20261203;

    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        var count = args.Papers ?? (args.Smoke ? 2_000 : 100_000);
        Console.WriteLine($"meaning: {Environment.ProcessorCount} cores, {count:N0} papers, in {args.WorkDirectory}");
        Directory.CreateDirectory(args.WorkDirectory);

        var model = new Table("measure", "value", "target");
        var (papers, sentences, queryVectors) = EmbeddingFigures.Run(args, model, ct);
        if (!args.Smoke)
        {
            await EmbeddingFigures.RunEmbedCommandAsync(args, model, ct);
        }

        Print("the model (arctic-embed-xs, real arXiv papers and the evaluation's natural queries)", model);

        // Vectors crowd around the real papers' vectors (SyntheticVectors): queries find neighbours as in a real store.
        var vectors = new SyntheticVectors(papers, VectorSeed);
        var store = new Table("measure", "value", "target");
        var (path, withoutVectors) = await MeaningStore.CreateAsync(args, count, vectors, ct);
        var size = MeaningStore.FileSize(path);
        store.Add("database size with vectors", Mb(size), "");
        if (withoutVectors > 0)
        {
            store.Add("  of which vectors (size without them: " + Mb(withoutVectors) + ")", Mb(size - withoutVectors), "");
        }

        await HybridFigures.RunAsync(path, sentences, args.Smoke, store, ct);
        Print($"hybrid search, {count:N0} synthetic papers with synthetic vectors, the real model for queries", store);

        var scan = new Table("measure", "value", "target");
        VectorFigures.Run(count, vectors, queryVectors, args.WorkDirectory, scan, withIndex: !args.NoIndex);
        Print($"exact scan vs USearch, {count:N0} synthetic vectors, {queryVectors.Count} real query vectors", scan);
    }

    private static void Print(string title, Table table)
    {
        Console.WriteLine();
        Console.WriteLine("meaning benchmark: " + title);
        table.Print(Console.Out);
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
