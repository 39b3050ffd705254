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
        await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"));
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
    public async Task Search_ImportedPaperWithoutAVector_IsFoundByItsWords()
    {
        await cli.RunAsync("import", CliTestData.Importer("papers.jsonl"));

        var run = await cli.RunAsync("search", "differential attention", "--json");

        Assert.Equal("2410.05258", run.JsonLines()[0].GetProperty("id").GetString());
    }
}
