using System.Globalization;
using PaperBot.Benchmarks.Harness;
using PaperBot.Benchmarks.Search;
using PaperBot.Ingestion.Importers;

namespace PaperBot.Benchmarks.Import;

/// <summary>
/// <c>import-file --papers N --dir PATH</c>: writes N synthetic papers (about 1.8 kB each) as PaperBot JSON
/// Lines to PATH/papers-N.jsonl, streaming, and prints the path. <c>import-rss.sh</c> then imports it with
/// the real CLI under <c>/usr/bin/time -v</c>, so the peak RSS measured is the import's alone.
/// </summary>
internal static class ImportFileBenchmark
{
    public static async Task RunAsync(BenchmarkArgs options, CancellationToken cancellationToken)
    {
        var count = options.Papers ?? (options.Smoke ? 1_000 : 200_000);
        Directory.CreateDirectory(options.WorkDirectory);
        var path = Path.Combine(options.WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"papers-{count}.jsonl"));
        if (!File.Exists(path))
        {
            var temporary = path + ".partial";
            await using (var writer = new StreamWriter(temporary, append: false, PaperJsonLines.Utf8NoBom, bufferSize: 1 << 16))
            {
                var corpus = new SyntheticCorpus(rareWords: 60_000);
                await PaperJsonLines.WriteAsync(writer, corpus.Papers(count, seed: 42), cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }

        Console.WriteLine(path);
    }
}
