using System.IO.Compression;
using PaperBot.Cli;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("hf-daily-2023.json", "Hugging Face daily papers", 2, "2211.17192")]
    [InlineData("hf-daily-2025.json", "Hugging Face daily papers", 2, "2401.15077")]
    [InlineData("arxiv-classic.xml", "arXiv Atom", 2, "2401.10774")]
    [InlineData("arxiv-2025.xml", "arXiv Atom", 2, "2302.01318")]
    [InlineData("papers.jsonl", "JSON Lines", 3, "hep-th/9711200")]
    [InlineData("arxiv-snapshot.jsonl", "JSON Lines", 4, "0704.0009")]
    public async Task Import_EachFormat_StoresPapersThatShowFinds(string fixture, string formatName, int count, string id)
    {
        var import = await cli.RunAsync("import", CliTestData.Importer(fixture));
        var show = await cli.RunAsync("show", id, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains(formatName, import.Out);
        Assert.Contains($"{count} new, 0 updated, 0 unchanged, 0 refused", import.Out);
        Assert.Equal(0, show.ExitCode);
        Assert.Equal(id, Assert.Single(show.JsonLines()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Import_ArxivMetadataSnapshotLines_StoresEachPaperAsArxivDescribesIt()
    {
        // Four lines of arXiv's bulk metadata snapshot as published (0704.0009's abstract shortened): authors as one
        // string and parsed, categories space-separated, line breaks in titles and abstracts, versions with dates.
        var import = await cli.RunAsync("import", CliTestData.Importer("arxiv-snapshot.jsonl"), "--no-embed");
        var first = Assert.Single((await cli.RunAsync("show", "0704.0001", "--json")).JsonLines());
        var second = Assert.Single((await cli.RunAsync("show", "0704.0002", "--json")).JsonLines());
        var survey = Assert.Single((await cli.RunAsync("show", "0704.0009", "--json")).JsonLines());

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("(JSON Lines): 4 new, 0 updated, 0 unchanged, 0 refused", import.Out, StringComparison.Ordinal);
        Assert.Equal("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies", first.GetProperty("title").GetString());
        Assert.Equal(2, first.GetProperty("version").GetInt32());
        Assert.Equal("2007-04-02", first.GetProperty("published").GetString());
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"], first.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.StartsWith("A fully differential calculation in perturbative quantum chromodynamics is presented for", first.GetProperty("abstract").GetString(), StringComparison.Ordinal);
        Assert.Equal(["math.CO", "cs.CG"], second.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("2007-03-31", second.GetProperty("published").GetString());
        Assert.Contains("Neal J. Evans II", survey.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(7, survey.GetProperty("authors").GetArrayLength());
    }

    [Fact]
    public async Task Import_SnapshotLineOfTheWrongShape_IsRefusedAtItsLineAndTheOthersStored()
    {
        var path = cli.PathOf("snapshot-slice.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            """{"id":"0704.0004","authors":"David Callan","title":"A determinant of Stirling cycle numbers","abstract":"We show a determinant.","categories":"math.CO","versions":[{"version":"v1","created":"Sat, 31 Mar 2007 03:16:14 GMT"}],"update_date":"2007-05-23","authors_parsed":[["Callan","David",""]]}""",
            """{"id":"0704.0010","authors":"Sergei Ovchinnikov","title":"Partial cubes","versions":"v1","update_date":"2007-05-23","authors_parsed":[["Ovchinnikov","Sergei",""]]}""",
            """{"id":"not-an-id","title":"Nowhere","update_date":"2007-05-23","authors_parsed":[]}""",
        ]);

        var import = await cli.RunAsync("import", path, "--no-embed");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("(JSON Lines): 1 new, 0 updated, 0 unchanged, 2 refused", import.Out, StringComparison.Ordinal);
        Assert.Contains("line 2, column", import.Error, StringComparison.Ordinal);
        Assert.Contains("line 3: \"id\" 'not-an-id' is not an arXiv id", import.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("beir-corpus.jsonl", "JSON Lines", 4, "4983")]
    [InlineData("arxiv-classic.xml", "arXiv Atom", 2, "2401.10774")]
    [InlineData("hf-daily-2025.json", "Hugging Face daily papers", 2, "2401.15077")]
    public async Task Import_GzipFile_IsReadThroughItsDecompression(string fixture, string formatName, int count, string id)
    {
        var path = cli.PathOf(fixture + ".gz");
        await using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal))
        await using (var source = File.OpenRead(CliTestData.Importer(fixture)))
        {
            await source.CopyToAsync(gzip);
        }

        var import = await cli.RunAsync("import", path, "--no-embed");
        var show = await cli.RunAsync("show", id, "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains($"({formatName}): {count} new, 0 updated, 0 unchanged, 0 refused", import.Out, StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(show.JsonLines()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Import_DamagedGzipFile_SaysSoAndStoresNothing()
    {
        var path = cli.PathOf("damaged.jsonl.gz");
        using (var buffer = new MemoryStream())
        {
            await using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            await using (var source = File.OpenRead(CliTestData.Importer("beir-corpus.jsonl")))
            {
                await source.CopyToAsync(gzip);
            }

            var bytes = buffer.ToArray();
            bytes[2] = 0x07; // the header's compression method: 8 (deflate) is the only one gzip defines
            await File.WriteAllBytesAsync(path, bytes);
        }

        var before = await cli.RunAsync("stats");
        var import = await cli.RunAsync("import", path, "--no-embed");
        var after = await cli.RunAsync("stats");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("the gzip file is damaged", import.Error, StringComparison.Ordinal);
        Assert.Contains("nothing imported", import.Error, StringComparison.Ordinal);
        Assert.Equal(before.Out, after.Out);
    }

    [Fact]
    public async Task Import_GzipDamagedAfterItsLines_StoresTheLinesReadAndRefusesTheRest()
    {
        // 60 corpus lines, whole, then a second gzip member whose header is broken: decompression fails past line 60.
        var path = cli.PathOf("damaged-tail.jsonl.gz");
        var lines = Enumerable.Range(1, 60).Select(i => $$"""{"_id": "doc-{{i}}", "title": "Document {{i}} on tidal energy", "text": "{{string.Concat(Enumerable.Repeat("Tidal turbines convert the flow of the sea. ", 4))}}"}""");
        using (var buffer = new MemoryStream())
        {
            await using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                await gzip.WriteAsync(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
            }

            buffer.Write([0x1F, 0x8B, 0x07, 0x00, 0x00]);
            await File.WriteAllBytesAsync(path, buffer.ToArray());
        }

        var import = await cli.RunAsync("import", path, "--no-embed");
        var last = await cli.RunAsync("show", "doc-60", "--json");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("(JSON Lines): 60 new, 0 updated, 0 unchanged, 1 refused", import.Out, StringComparison.Ordinal);
        Assert.Contains("line 61: the gzip file is damaged from here on", import.Error, StringComparison.Ordinal);
        Assert.Equal(0, last.ExitCode);
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondReportIsAllUnchanged()
    {
        var first = await cli.RunAsync("import", CliTestData.Importer("hf-daily-2025.json"));
        var second = await cli.RunAsync("import", CliTestData.Importer("hf-daily-2025.json"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("2 new, 0 updated, 0 unchanged", first.Out);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 new, 0 updated, 2 unchanged, 0 refused", second.Out);
    }

    [Fact]
    public async Task Import_Version2Entry_UpdatesTheVersion1Record()
    {
        await cli.RunAsync("import", CliTestData.Importer("arxiv-classic.xml"));

        var update = await cli.RunAsync("import", CliTestData.Importer("arxiv-2025.xml"));
        var show = await cli.RunAsync("show", "https://arxiv.org/abs/2211.17192", "--json");

        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Contains("1 new, 1 updated", update.Out);
        var paper = Assert.Single(show.JsonLines());
        Assert.Equal(2, paper.GetProperty("version").GetInt32());
        Assert.Contains("2X-3X acceleration", paper.GetProperty("abstract").GetString());
    }

    [Theory]
    [InlineData("hf-daily-truncated.json", "line 7, column")]
    [InlineData("arxiv-invalid.xml", "line 9, column")]
    [InlineData("arxiv-error.xml", "incorrect id format for 1234.12345")]
    [InlineData("notes.txt", "unrecognized format")]
    public async Task Import_BrokenFile_ImportsNothingAndExits1WithPosition(string fixture, string expected)
    {
        var before = await cli.RunAsync("export");

        var import = await cli.RunAsync("import", CliTestData.Importer(fixture));
        var after = await cli.RunAsync("export");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains(expected, import.Error);
        Assert.Contains("nothing imported", import.Error);
        Assert.DoesNotContain("   at ", import.Error);
        Assert.Equal(before.Out, after.Out);
    }

    [Theory]
    [InlineData("hf-daily-one-bad.json", "record 2", "2406.16858")]
    [InlineData("papers-one-bad.jsonl", "line 2, column", "2401.15077")]
    public async Task Import_OneBadRecord_ImportsTheOthersAndReportsItsPosition(string fixture, string position, string goodId)
    {
        var import = await cli.RunAsync("import", CliTestData.Importer(fixture));
        var show = await cli.RunAsync("show", goodId);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("2 new", import.Out);
        Assert.Contains("1 refused", import.Out);
        Assert.Contains(position, import.Error);
        Assert.Equal(0, show.ExitCode);
    }

    [Fact]
    public async Task Import_ThousandsOfPapers_SummaryUsesThousandsSeparators()
    {
        var path = await WriteTitledPapersAsync("2502", 1234);

        var import = await cli.RunAsync("import", path, "--no-embed");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("(JSON Lines): 1,234 new, 0 updated, 0 unchanged, 0 refused", import.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MorePapersThanItEmbedsOnItsOwn_StoresThemAndLeavesTheVectorsToEmbed()
    {
        var path = await WriteTitledPapersAsync("1501", (int)EmbedCommand.EmbedOnItsOwnLimit + 1);

        var import = await cli.RunAsync("import", path);
        var stats = await cli.RunAsync("stats");
        var both = await cli.RunAsync("import", path, "--embed", "--no-embed");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("(JSON Lines): 20,001 new", import.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Embedded", import.Out, StringComparison.Ordinal);
        Assert.Contains("paperbot: 20,001 papers have no vector yet, more than import or ingest embeds on its own (20,000)", import.Error, StringComparison.Ordinal);
        Assert.Contains("'paperbot embed'", import.Error, StringComparison.Ordinal);
        Assert.Contains("embedded 56 of 20,057", stats.Out, StringComparison.Ordinal);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("--embed and --no-embed cannot be used together", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ThousandsOfBadLines_ListsTheFirstHundredAndCountsTheRest()
    {
        var path = cli.PathOf("mostly-bad.jsonl");
        var good = """{"id":"2502.00001","title":"The one good paper","abstract":"","authors":[],"categories":[],"sources":["import"]}""";
        await File.WriteAllLinesAsync(path, [good, .. Enumerable.Repeat("{not json", 12_000)]);

        var import = await cli.RunAsync("import", path);
        var show = await cli.RunAsync("show", "2502.00001");

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("(JSON Lines): 1 new, 0 updated, 0 unchanged, 12,000 refused", import.Out, StringComparison.Ordinal);
        var listed = import.Error.Split('\n').Where(l => l.EndsWith("; refused", StringComparison.Ordinal)).ToList();
        Assert.Equal(100, listed.Count);
        Assert.Contains("line 2,", listed[0], StringComparison.Ordinal);
        Assert.Contains("and 11,900 more refused lines not listed", import.Error, StringComparison.Ordinal);
        Assert.Equal(0, show.ExitCode);
    }

    [Fact]
    public async Task Import_MissingFile_Exits1WithMessage()
    {
        var import = await cli.RunAsync("import", cli.PathOf("nope.json"));

        Assert.Equal(1, import.ExitCode);
        Assert.Contains("cannot read", import.Error);
    }

    /// <summary>A JSON Lines file of <paramref name="count"/> title-only papers, ids <c>prefix.00001</c> on.</summary>
    private async Task<string> WriteTitledPapersAsync(string prefix, int count)
    {
        var path = cli.PathOf("many.jsonl");
        await File.WriteAllLinesAsync(path, Enumerable.Range(1, count).Select(i =>
            $$"""{"id":"{{prefix}}.{{i:D5}}","title":"Paper {{i}}","abstract":"","authors":[],"categories":[],"sources":["import"]}"""));
        return path;
    }
}
