using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Ingestion.Importers;

public sealed class PaperImporterStreamingTests
{
    private static Paper NewPaper(int i) => new()
    {
        Id = $"2501.{i:D5}",
        Version = 1,
        Title = $"Streamed paper {i}",
        Abstract = new string('a', 2000),
        Authors = ["Ada Lovelace"],
        Categories = ["cs.DB"],
        Sources = ["import"],
    };

    /// <summary>Records every report as it comes (no thread-pool hop, unlike Progress&lt;T&gt;).</summary>
    private sealed class Recorder : IProgress<ImportProgress>
    {
        public List<ImportProgress> Reports { get; } = [];

        public void Report(ImportProgress value) => Reports.Add(value);
    }

    private static async Task<string> WriteFileAsync(string directory, IEnumerable<string> lines)
    {
        var path = Path.Combine(directory, "papers.jsonl");
        await File.WriteAllTextAsync(path, string.Join("\n", lines) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }

    [Fact]
    public async Task ImportFileAsync_LargeJsonLines_StoresEachBatchBeforeReadingTheRest()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var path = await WriteFileAsync(db.Directory, Enumerable.Range(1, 300).Select(i => PaperJsonLines.Serialize(NewPaper(i))));
        var importer = new PaperImporter(db.Papers, NullLogger<PaperImporter>.Instance) { BatchSize = 50 };
        var progress = new Recorder();

        var report = await importer.ImportFileAsync(path, progress, CancellationToken.None);

        Assert.Equal(300, report.Inserted);
        Assert.Equal([50, 100, 150, 200, 250, 300, 300], progress.Reports.Select(r => r.Stored));
        // Stored while most of the file was still unread: the whole file was never held at once.
        Assert.True(progress.Reports[0].BytesRead < progress.Reports[0].BytesTotal / 2, progress.Reports[0].ToString());
        Assert.Equal(100, progress.Reports[^1].Percent);
        Assert.Equal(new FileInfo(path).Length, progress.Reports[^1].BytesRead);
    }

    [Fact]
    public async Task ImportFileAsync_BadLinesAcrossBatches_KeepTheirLineNumbersAndTheRestIsStored()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var lines = Enumerable.Range(1, 12).Select(i => PaperJsonLines.Serialize(NewPaper(i))).ToList();
        lines[4] = "{\"id\": \"2501.00005\", \"title\": ";   // line 5: cut off
        lines.Insert(8, "");                                   // line 9: blank, still counted
        lines[10] = "{\"id\": \"not an id\", \"title\": \"x\"}"; // line 11
        var path = await WriteFileAsync(db.Directory, lines);
        var importer = new PaperImporter(db.Papers, NullLogger<PaperImporter>.Instance) { BatchSize = 3 };

        var report = await importer.ImportFileAsync(path, null, CancellationToken.None);

        Assert.Equal(10, report.Inserted);
        Assert.Equal(["line 5", "line 11"], report.Refused.Select(r => $"line {r.Position.Line}"));
        Assert.Contains("neither an arXiv id nor a paper id", report.Refused[1].Reason, StringComparison.Ordinal);
        Assert.NotNull(await db.Papers.GetAsync("2501.00001", CancellationToken.None));
        Assert.Null(await db.Papers.GetAsync("2501.00005", CancellationToken.None));
    }

    [Fact]
    public async Task ImportFileAsync_LeadingBlankLinesPastTheFirstChunk_StillDetectsJsonLines()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var path = await WriteFileAsync(db.Directory, [new string('\n', 10_000) + PaperJsonLines.Serialize(NewPaper(1))]);
        var importer = new PaperImporter(db.Papers, NullLogger<PaperImporter>.Instance);

        var report = await importer.ImportFileAsync(path, null, CancellationToken.None);

        Assert.Equal(ImportFormat.JsonLines, report.Format);
        Assert.Equal(1, report.Inserted);
    }
}
