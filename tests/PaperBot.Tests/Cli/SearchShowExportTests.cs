using PaperBot.Ingestion.Importers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

public sealed class SearchShowExportTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    private async Task ImportAllAsync()
    {
        foreach (var fixture in new[] { "hf-daily-2023.json", "hf-daily-2025.json", "arxiv-classic.xml", "arxiv-2025.xml", "papers.jsonl" })
        {
            var run = await cli.RunAsync("import", CliTestData.Importer(fixture));
            Assert.True(run.ExitCode == 0, run.ToString());
        }
    }

    [Fact]
    public async Task Search_Json_PrintsOneObjectPerLineWithRequiredFields()
    {
        await ImportAllAsync();

        var search = await cli.RunAsync("search", "speculative decoding", "--json", "--limit", "20");

        Assert.True(search.ExitCode == 0, search.ToString());
        var lines = search.JsonLines();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            Assert.False(string.IsNullOrEmpty(line.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(line.GetProperty("title").GetString()));
            Assert.Equal(System.Text.Json.JsonValueKind.Array, line.GetProperty("authors").ValueKind);
            Assert.True(line.TryGetProperty("published", out _));
            Assert.StartsWith("https://arxiv.org/abs/", line.GetProperty("url").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Number, line.GetProperty("score").ValueKind);
        }

        Assert.Contains(lines, l => l.GetProperty("id").GetString() == "2211.17192");
        Assert.Equal("", search.Error);
    }

    [Fact]
    public async Task Search_SortNewest_OrdersByPublishedDateWithPlainSnippets()
    {
        await ImportAllAsync();

        var search = await cli.RunAsync("search", "speculative", "--sort", "newest", "--json", "--limit", "20");

        Assert.True(search.ExitCode == 0, search.ToString());
        var dates = search.JsonLines().Select(l => l.GetProperty("published").GetString()).ToList();
        Assert.True(dates.Count > 2);
        Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        Assert.All(search.JsonLines(), l => Assert.DoesNotContain("**", l.GetProperty("snippet").GetString()));
    }

    [Fact]
    public async Task Search_Limit_CapsTheNumberOfResults()
    {
        await ImportAllAsync();

        var search = await cli.RunAsync("search", "speculative", "--json", "--limit", "1");

        Assert.Single(search.JsonLines());
    }

    [Fact]
    public async Task Search_HumanOutput_ListsIdDateAndTitleAligned()
    {
        await ImportAllAsync();

        var search = await cli.RunAsync("search", "medusa");

        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.Contains("2401.10774  2024-01-19  Medusa: Simple LLM Inference Acceleration", search.Out);
    }

    [Fact]
    public async Task Search_BadLimit_Exits1()
    {
        var search = await cli.RunAsync("search", "x", "--limit", "0");

        Assert.Equal(1, search.ExitCode);
        Assert.Contains("--limit", search.Error);
    }

    [Theory]
    [InlineData("https://arxiv.org/abs/2401.15077v1")]
    [InlineData("https://huggingface.co/papers/2401.15077")]
    [InlineData("arXiv:2401.15077")]
    public async Task Show_ByUrlOrId_PrintsThePaper(string input)
    {
        await ImportAllAsync();

        var show = await cli.RunAsync("show", input);

        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("EAGLE: Speculative Sampling Requires Rethinking Feature Uncertainty", show.Out);
        Assert.Contains("https://arxiv.org/abs/2401.15077", show.Out);
        Assert.Contains("https://github.com/SafeAILab/EAGLE", show.Out);
    }

    [Fact]
    public async Task Show_SeveralCategories_ListsThemWithCommasAsTheShellDoes()
    {
        await ImportAllAsync();

        var show = await cli.RunAsync("show", "2410.05258");

        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("categories   cs.CL, cs.LG\n", show.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_SamplePaperWithoutPublicationDate_GivesTheMonthOfItsId_JsonKeepsItNull()
    {
        var show = await cli.RunAsync("show", "1909.13719");
        var json = await cli.RunAsync("show", "1909.13719", "--json");

        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("published    2019-09\n", show.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("published").ValueKind);
    }

    [Theory]
    [InlineData("2410.03355v2", "Note: PaperBot has v1 of this paper; for v2, see arXiv: https://arxiv.org/abs/2410.03355v2")]
    [InlineData("2410.03355v1", null)]
    [InlineData("2410.03355", null)]
    public async Task Show_AnotherVersionThanStored_ShowsTheStoredOneAndSaysSo(string input, string? note)
    {
        var show = await cli.RunAsync("show", input);
        var json = await cli.RunAsync("show", input, "--json");

        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("id           2410.03355v1", show.Out, StringComparison.Ordinal);
        Assert.Equal(note ?? "", show.Error.Trim());
        // The note goes to stderr: --json output stays one JSON object.
        Assert.Equal("2410.03355", System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Show_UnknownId_Exits1WithMessageOnStderr()
    {
        var show = await cli.RunAsync("show", "2501.99999");

        Assert.Equal(1, show.ExitCode);
        Assert.Equal("", show.Out);
        Assert.Contains("2501.99999", show.Error);
    }

    [Fact]
    public async Task Show_NotAnId_Exits1()
    {
        var show = await cli.RunAsync("show", "https://example.com/paper");

        Assert.Equal(1, show.ExitCode);
        Assert.Contains("not an arXiv id", show.Error);
    }

    [Fact]
    public async Task Export_ThenReimportIntoEmptyStore_SecondExportIsByteIdentical()
    {
        var (first, second) = await ExportReimportExportAsync();

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Export_ThenReimportIntoEmptyStore_SecondExportIsIdenticalApartFromFirstSeen()
    {
        var (first, second) = await ExportReimportExportAsync();

        Assert.Equal(WithoutFirstSeen(first), WithoutFirstSeen(second));
    }

    private static string WithoutFirstSeen(string jsonLines) =>
        System.Text.RegularExpressions.Regex.Replace(jsonLines, "\"firstSeen\":(null|\"[^\"]*\")", "\"firstSeen\":-");

    private async Task<(string First, string Second)> ExportReimportExportAsync()
    {
        await ImportAllAsync();
        var exportPath = cli.PathOf("export.jsonl");
        var export = await cli.RunAsync("export", "--output", exportPath);
        var otherDb = await CreateEmptyStoreAsync(cli.PathOf("other.db"));

        var import = await CliHarness.RunOnAsync(otherDb, "import", exportPath);
        var second = await CliHarness.RunOnAsync(otherDb, "export");

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(import.ExitCode == 0, import.ToString());
        var first = await File.ReadAllTextAsync(exportPath);
        var lineCount = first.Count(c => c == '\n');
        Assert.True(lineCount > 56, $"only {lineCount} papers exported");
        Assert.Contains($"{lineCount} new, 0 updated, 0 unchanged, 0 refused", import.Out);
        Assert.True(second.ExitCode == 0, second.ToString());
        return (first, second.Out);
    }

    [Fact]
    public async Task Export_ThenReimportIntoSameStore_ChangesNothing()
    {
        await ImportAllAsync();
        var exportPath = cli.PathOf("export.jsonl");
        await cli.RunAsync("export", "--output", exportPath);

        var import = await cli.RunAsync("import", exportPath);
        var second = await cli.RunAsync("export");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("0 new, 0 updated", import.Out);
        Assert.Equal(await File.ReadAllTextAsync(exportPath), second.Out);
    }

    /// <summary>
    /// A new store is seeded with the sample papers (stamped with the time they were stored); one a user
    /// emptied stays empty, which is what a restore from an export starts from.
    /// </summary>
    private static async Task<string> CreateEmptyStoreAsync(string path)
    {
        var create = await CliHarness.RunOnAsync(path, "stats");
        Assert.True(create.ExitCode == 0, create.ToString());
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM papers;";
        await command.ExecuteNonQueryAsync();
        return path;
    }

    [Fact]
    public async Task Export_ToStdout_IsValidJsonLinesOfEveryPaper()
    {
        await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"));

        var export = await cli.RunAsync("export");

        var parsed = PaperJsonLines.Parse(System.Text.Encoding.UTF8.GetBytes(export.Out));
        Assert.Empty(parsed.Refused);
        Assert.Contains(parsed.Papers, p => p.Paper.Id == "hep-th/9711200");
        Assert.Contains(parsed.Papers, p => p.Paper.Id == "2406.16858");
    }

    [Fact]
    public async Task Stats_AfterImport_ReportsPaperCount()
    {
        await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"));

        var stats = await cli.RunAsync("stats");

        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.Contains("papers", stats.Out);
    }
}
