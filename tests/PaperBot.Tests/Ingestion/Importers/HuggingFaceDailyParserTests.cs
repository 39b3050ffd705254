using PaperBot.Ingestion.Importers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Ingestion.Importers;

public sealed class HuggingFaceDailyParserTests
{
    [Fact]
    public void Parse_2023ItemShape_ReadsTopLevelTitleAndCommentsAndPaperUpvotes()
    {
        var parsed = HuggingFaceDailyParser.Parse(CliTestData.ImporterBytes("hf-daily-2023.json"));

        Assert.Null(parsed.Failure);
        Assert.Empty(parsed.Refused);
        Assert.Equal(["2302.01318", "2211.17192"], parsed.Papers.Select(p => p.Paper.Id));

        // The second item has no paper.title: the top-level one is used, its line break collapsed.
        var leviathan = parsed.Papers[1].Paper;
        Assert.Equal("Fast Inference from Transformers via Speculative Decoding", leviathan.Title);
        Assert.Equal(["Yaniv Leviathan", "Matan Kalman", "Yossi Matias"], leviathan.Authors);
        Assert.Equal(new DateOnly(2022, 11, 30), leviathan.Published);
        Assert.Equal(7, leviathan.Upvotes);
        Assert.Equal(0, leviathan.Comments);
        Assert.Equal(["huggingface"], leviathan.Sources);
        Assert.Null(leviathan.AiSummary);
        Assert.Empty(leviathan.AiKeywords);
    }

    [Fact]
    public void Parse_2025ItemShape_ReadsAiFieldsLinksAndNormalizesTitle()
    {
        var parsed = HuggingFaceDailyParser.Parse(CliTestData.ImporterBytes("hf-daily-2025.json"));

        Assert.Null(parsed.Failure);
        var eagle = parsed.Papers[0].Paper;
        Assert.Equal("2401.15077", eagle.Id);
        Assert.Equal("EAGLE: Speculative Sampling Requires Rethinking Feature Uncertainty", eagle.Title);
        Assert.StartsWith("Autoregressive decoding makes inference of large language models slow. EAGLE", eagle.Abstract);
        Assert.DoesNotContain('\n', eagle.Abstract);
        Assert.Equal(4, eagle.Authors.Count);
        Assert.Equal("Chao Zhang", eagle.Authors[2]);
        Assert.Equal(31, eagle.Upvotes);
        Assert.Equal(3, eagle.Comments);
        Assert.Equal("https://github.com/SafeAILab/EAGLE", eagle.CodeUrl);
        Assert.Equal("https://sites.google.com/view/eagle-llm", eagle.ProjectUrl);
        Assert.Equal(["speculative sampling", "feature-level drafting", "LLM inference"], eagle.AiKeywords);
        Assert.NotNull(eagle.AiSummary);
        Assert.Equal(new DateOnly(2024, 1, 26), eagle.Published);
    }

    [Fact]
    public void Parse_ItemWithoutPaperId_RefusesThatItemByIndexAndKeepsOthers()
    {
        var parsed = HuggingFaceDailyParser.Parse(CliTestData.ImporterBytes("hf-daily-one-bad.json"));

        Assert.Null(parsed.Failure);
        Assert.Equal(["2410.05258", "2406.16858"], parsed.Papers.Select(p => p.Paper.Id));
        var refusal = Assert.Single(parsed.Refused);
        Assert.Equal(2, refusal.Position.Record);
        Assert.Contains("paper.id", refusal.Reason);
    }

    [Fact]
    public void Parse_TruncatedFile_FailsWithLineAndColumnAndNoPapers()
    {
        var parsed = HuggingFaceDailyParser.Parse(CliTestData.ImporterBytes("hf-daily-truncated.json"));

        Assert.NotNull(parsed.Failure);
        Assert.Empty(parsed.Papers);
        Assert.Equal(7, parsed.Failure.Position.Line);
        Assert.NotNull(parsed.Failure.Position.Column);
    }

    [Fact]
    public void Parse_JsonEndingMidArray_FailsAtTheEnd()
    {
        var parsed = HuggingFaceDailyParser.Parse("[{\"paper\":{\"id\":\"2410.05258\",\"title\":\"T\"}},"u8.ToArray());

        Assert.NotNull(parsed.Failure);
        Assert.Empty(parsed.Papers);
        Assert.Equal(1, parsed.Failure.Position.Line);
    }

    [Theory]
    [InlineData("""[{"paper":{"id":"not-an-id","title":"T"}}]""", "not an arXiv id")]
    [InlineData("""[{"paper":{"id":"2410.05258"}}]""", "no title")]
    [InlineData("""[42]""", "not a JSON object")]
    public void Parse_InvalidItem_RefusesWithReason(string json, string reason)
    {
        var parsed = HuggingFaceDailyParser.Parse(System.Text.Encoding.UTF8.GetBytes(json));

        var refusal = Assert.Single(parsed.Refused);
        Assert.Contains(reason, refusal.Reason);
        Assert.Equal(1, refusal.Position.Record);
    }

    [Fact]
    public void Parse_WrongTypedOptionalFields_TreatsThemAsAbsent()
    {
        var json = """[{"paper":{"id":"2410.05258v3","title":"T","upvotes":"1.2k","authors":null,"githubRepo":"not a url"}}]""";

        var paper = Assert.Single(HuggingFaceDailyParser.Parse(System.Text.Encoding.UTF8.GetBytes(json)).Papers).Paper;

        Assert.Equal(3, paper.Version);
        Assert.Null(paper.Upvotes);
        Assert.Empty(paper.Authors);
        Assert.Null(paper.CodeUrl);
    }
}
