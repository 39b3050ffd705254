using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

/// <summary><c>paperbot search --mode</c>, the score parts in <c>--json</c>, <c>embed</c> and coverage in <c>stats</c>, run as a user would.</summary>
public sealed class MeaningSearchCliTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Search_Json_AddsLexicalAndSemanticBesideTheScore()
    {
        var run = await cli.RunAsync("search", "how can a big language model answer faster by letting a smaller model propose tokens", "--json", "--limit", "5");

        Assert.Equal(0, run.ExitCode);
        var lines = run.JsonLines();
        Assert.Equal(5, lines.Count);
        Assert.Contains(lines, l => l.GetProperty("id").GetString() == "2302.07863");
        Assert.All(lines, l =>
        {
            Assert.True(l.TryGetProperty("lexical", out _));
            Assert.Equal(System.Text.Json.JsonValueKind.Number, l.GetProperty("semantic").ValueKind);
        });
    }

    [Theory]
    [InlineData("how does the brain's white matter change in babies born early", "4983")]
    [InlineData("bone marrow cancers caused by immune cells that suppress blood formation", "5836")]
    [InlineData("do corals become more heat resistant after surviving earlier bleaching", "7912")]
    [InlineData("where can I download predicted 3D shapes of proteins", "10.1093/nar/gkab1112")]
    public async Task Search_ImportedBeirCorpus_SentenceFindsTheDocumentByTheCorpusId(string sentence, string id)
    {
        // A retrieval benchmark's corpus.jsonl as BEIR publishes it (_id, title, text), imported and searched as a
        // user (or an evaluation script) would: the answer names documents by the corpus's own ids.
        var import = await cli.RunAsync("import", CliTestData.Importer("beir-corpus.jsonl"));
        var run = await cli.RunAsync("search", sentence, "--json", "--limit", "10");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("4 new, 0 updated, 0 unchanged, 0 refused", import.Out, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        var first = run.JsonLines()[0];
        Assert.Equal(id, first.GetProperty("id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("pdfUrl").ValueKind);
    }

    [Fact]
    public async Task Show_ImportedCorpusDocuments_ByTheirIdsWithTheirOwnLinks()
    {
        await cli.RunAsync("import", CliTestData.Importer("beir-corpus.jsonl"), "--no-embed");

        var numbered = await cli.RunAsync("show", "4983");
        var doi = Assert.Single((await cli.RunAsync("show", "https://doi.org/10.1093/nar/gkab1112", "--json")).JsonLines());
        var missing = await cli.RunAsync("show", "4984");

        Assert.True(numbered.ExitCode == 0, numbered.ToString());
        Assert.Contains("id           4983", numbered.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("arxiv.org", numbered.Out, StringComparison.Ordinal);
        Assert.Equal("A curated database of protein structure predictions", doi.GetProperty("title").GetString());
        Assert.Equal("https://doi.org/10.1093/nar/gkab1112", doi.GetProperty("url").GetString());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no paper 4984 in the store", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Modes_WordsFindsNothingWhereMeaningFindsPapers()
    {
        const string Query = "predicting electricity use many steps ahead";

        var words = await cli.RunAsync("search", Query, "--json", "--mode", "words");
        var meaning = await cli.RunAsync("search", Query, "--json", "--mode", "meaning");
        var bad = await cli.RunAsync("search", Query, "--mode", "vibes");

        Assert.Empty(words.JsonLines());
        Assert.NotEmpty(meaning.JsonLines());
        Assert.All(meaning.JsonLines(), l => Assert.Equal(System.Text.Json.JsonValueKind.Null, l.GetProperty("lexical").ValueKind));
        Assert.Equal(1, bad.ExitCode);
    }

    [Fact]
    public async Task Embed_AfterImport_EmbedsTheNewPapersAndStatsShowsCoverage()
    {
        await cli.RunAsync("stats");
        await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"), "--no-embed");
        var before = await cli.RunAsync("stats");

        var embed = await cli.RunAsync("embed");
        var again = await cli.RunAsync("embed");
        var after = await cli.RunAsync("stats");

        Assert.Contains("embedded 56 of ", before.Out, StringComparison.Ordinal);
        Assert.Equal(0, embed.ExitCode);
        Assert.Matches(@"Embedded [1-9]\d* papers in [\d.]+ s \([\d.]+ papers/s\)", embed.Out);
        Assert.Contains("Embedded 0 papers", again.Out, StringComparison.Ordinal);
        Assert.Matches(@"embedded (\d+) of \1 ", after.Out);
    }

    [Fact]
    public async Task Search_ImportedPaperWithoutAVector_IsFoundByItsWordsAndTheMissingVectorsAreNamed()
    {
        await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"), "--no-embed");

        var keyword = await cli.RunAsync("search", "differential attention", "--json");
        var run = await cli.RunAsync("search", "differential attention sharpening focus on relevant context", "--json");

        Assert.Equal("2410.05258", keyword.JsonLines()[0].GetProperty("id").GetString());
        Assert.Equal("2410.05258", run.JsonLines()[0].GetProperty("id").GetString());
        Assert.Contains("paperbot: 3 of 59 papers have no vector yet", run.Error, StringComparison.Ordinal);
        Assert.Contains("'paperbot embed'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_StoreWithoutAnyVector_SaysNoPaperIsSearchedByMeaning()
    {
        await cli.RunAsync("stats");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={cli.DatabasePath}"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM paper_vectors";
            Assert.Equal(56, delete.ExecuteNonQuery());
        }

        var run = await cli.RunAsync("search", "differential attention sharpening focus on relevant context", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("paperbot: 56 of 56 papers have no vector yet", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ThenSearchBySentence_FindsTheImportedPaperByMeaning()
    {
        // Shares no word with the paper but "theories": found by meaning only once the import has embedded it.
        const string Query = "holographic duality between quantum gravity in curved spacetime and gauge theories on its boundary";

        var import = await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"));
        var stats = await cli.RunAsync("stats");
        var run = await cli.RunAsync("search", Query, "--json", "--limit", "3");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Matches(@"Embedded 3 papers in [\d.]+ s \([\d.]+ papers/s\) with arctic-embed-xs; embedded 59 of 59\.", import.Out);
        Assert.Contains("embedded 59 of 59", stats.Out, StringComparison.Ordinal);
        var first = run.JsonLines()[0];
        Assert.Equal("hep-th/9711200", first.GetProperty("id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, first.GetProperty("semantic").ValueKind);
        Assert.DoesNotContain("no vector yet", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_NoEmbed_LeavesTheVectorsToEmbed()
    {
        var import = await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"), "--no-embed");
        var stats = await cli.RunAsync("stats");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.DoesNotContain("Embedded", import.Out, StringComparison.Ordinal);
        Assert.Contains("embedded 56 of 59", stats.Out, StringComparison.Ordinal);
    }
}
