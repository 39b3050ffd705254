using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PaperBot.Ingestion.Importers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Ingestion.Importers;

/// <summary>Hugging Face arrays and arXiv feeds far larger than an API page, imported as streams.</summary>
public sealed class PaperImporterDocumentStreamingTests
{
    private const int Entries = 20_000;

    private sealed class Recorder : IProgress<ImportProgress>
    {
        public List<ImportProgress> Reports { get; } = [];

        public void Report(ImportProgress value) => Reports.Add(value);
    }

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"25{i / 100_000 + 1:D2}.{i % 100_000:D5}");

    internal static async Task<string> WriteHuggingFaceAsync(string directory, int count, bool cutAtTheEnd = false)
    {
        var path = Path.Combine(directory, "daily.json");
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteAsync("[\n");
        for (var i = 1; i <= count; i++)
        {
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"{{\"paper\":{{\"id\":\"{Id(i)}\",\"title\":\"Daily paper {i}\",\"summary\":\"{new string('a', 500)}\",\"authors\":[{{\"name\":\"Ada Lovelace\"}}],\"upvotes\":{i % 50}}},\"numComments\":0}}{(i < count ? "," : "")}\n"));
        }

        await writer.WriteAsync(cutAtTheEnd ? "{\"paper\":{\"id\":\"2501.0" : "]\n");
        return path;
    }

    private static async Task<string> WriteAtomAsync(string directory, int count)
    {
        var path = Path.Combine(directory, "query.xml");
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n  <title>arXiv Query</title>\n");
        for (var i = 1; i <= count; i++)
        {
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"  <entry>\n    <id>http://arxiv.org/abs/{Id(i)}v1</id>\n    <title>Feed paper {i}</title>\n    <summary>{new string('b', 500)}</summary>\n    <author><name>Ada Lovelace</name></author>\n    <published>2025-01-02T00:00:00Z</published>\n    <arxiv:primary_category term=\"cs.DB\"/>\n  </entry>\n"));
        }

        await writer.WriteAsync("</feed>\n");
        return path;
    }

    [Fact]
    public async Task ImportFileAsync_TwentyThousandHuggingFaceItems_StoresEveryOneBatchByBatch()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var path = await WriteHuggingFaceAsync(db.Directory, Entries);
        var importer = new PaperImporter(db.Papers, NullLogger<PaperImporter>.Instance);
        var progress = new Recorder();

        var report = await importer.ImportFileAsync(path, progress, CancellationToken.None);

        Assert.Null(report.Failure);
        Assert.Equal(ImportFormat.HuggingFaceDaily, report.Format);
        Assert.Equal(Entries, report.Inserted);
        Assert.Equal(Entries, await db.Papers.CountAsync(CancellationToken.None));
        Assert.Equal([5_000, 10_000, 15_000, 20_000], progress.Reports.Select(r => r.Stored));
        Assert.True(progress.Reports[0].BytesRead < progress.Reports[0].BytesTotal / 2, progress.Reports[0].ToString());
        Assert.Equal(new FileInfo(path).Length, progress.Reports[^1].BytesTotal);
    }

    [Fact]
    public async Task ImportFileAsync_TwentyThousandAtomEntries_StoresEveryOneWithItsLine()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var path = await WriteAtomAsync(db.Directory, Entries);
        var importer = new PaperImporter(db.Papers, NullLogger<PaperImporter>.Instance);

        var report = await importer.ImportFileAsync(path, null, CancellationToken.None);

        Assert.Null(report.Failure);
        Assert.Equal(ImportFormat.ArxivAtom, report.Format);
        Assert.Equal(Entries, report.Inserted);
        Assert.Equal(Entries, await db.Papers.CountAsync(CancellationToken.None));
        var last = await db.Papers.GetAsync(Id(Entries), CancellationToken.None);
        Assert.Equal($"Feed paper {Entries}", last?.Title);
        Assert.Equal(["cs.DB"], last?.Categories);
    }

    [Fact]
    public async Task ImportFileAsync_LargeArrayBrokenAtTheEnd_StoresNothingAndSaysWhere()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var path = await WriteHuggingFaceAsync(db.Directory, 12_000, cutAtTheEnd: true);
        var importer = new PaperImporter(db.Papers, NullLogger<PaperImporter>.Instance);

        var report = await importer.ImportFileAsync(path, null, CancellationToken.None);

        Assert.NotNull(report.Failure);
        Assert.StartsWith("invalid JSON", report.Failure.Reason, StringComparison.Ordinal);
        Assert.Equal(12_002, report.Failure.Position.Line);
        Assert.Equal(0, report.Inserted);
        Assert.Equal(0, await db.Papers.CountAsync(CancellationToken.None));
    }
}
