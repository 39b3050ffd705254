using System.Text;
using System.Text.Json;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Ingestion.Importers;

public sealed class PaperJsonLinesTests
{
    [Fact]
    public void Parse_ThenSerialize_GivesTheSameLinesByteForByte()
    {
        var original = File.ReadAllText(CliTestData.Importer("papers.jsonl"));

        var parsed = PaperJsonLines.Parse(Encoding.UTF8.GetBytes(original));
        var written = string.Concat(parsed.Papers.Select(p => PaperJsonLines.Serialize(p.Paper) + "\n"));

        Assert.Null(parsed.Failure);
        Assert.Equal(3, parsed.Papers.Count);
        Assert.Equal(original, written);
    }

    [Fact]
    public void Serialize_FullPaper_WritesEveryStoredFieldCamelCaseAndNoComputedOnes()
    {
        var paper = new Paper
        {
            Id = "2410.05258",
            Version = 2,
            Title = "Différential \"Transformer\"",
            Authors = ["Tianzhu Ye"],
            Published = new DateOnly(2024, 10, 7),
            Updated = new DateTimeOffset(2024, 10, 8, 1, 2, 3, TimeSpan.Zero),
            Categories = ["cs.CL"],
            Upvotes = 20,
            Sources = ["arxiv"],
        };

        var line = PaperJsonLines.Serialize(paper);
        using var document = JsonDocument.Parse(line);
        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();

        Assert.DoesNotContain('\n', line);
        Assert.Contains("Différential", line);
        Assert.Equal(
            ["id", "version", "title", "abstract", "authors", "published", "updated", "categories", "codeUrl", "projectUrl",
             "upvotes", "comments", "aiSummary", "aiKeywords", "sources", "firstSeen"],
            names);
        Assert.Equal("2024-10-07", document.RootElement.GetProperty("published").GetString());
    }

    [Fact]
    public void Parse_RoundTrip_RecordsHaveEqualFields()
    {
        var paper = new Paper
        {
            Id = "hep-th/9711200",
            Version = 3,
            Title = "The Large N Limit",
            Abstract = "Large N.",
            Authors = ["Juan M. Maldacena"],
            Published = new DateOnly(1997, 11, 27),
            Updated = new DateTimeOffset(1998, 1, 22, 20, 0, 0, TimeSpan.Zero),
            Categories = ["hep-th"],
            CodeUrl = "https://github.com/example/code",
            ProjectUrl = "https://example.org",
            Upvotes = 1,
            Comments = 2,
            AiSummary = "AdS/CFT.",
            AiKeywords = ["holography"],
            Sources = ["import", "arxiv"],
            FirstSeen = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };

        var back = Assert.Single(PaperJsonLines.Parse(Encoding.UTF8.GetBytes(PaperJsonLines.Serialize(paper) + "\n")).Papers).Paper;

        Assert.Equal(PaperJsonLines.Serialize(paper), PaperJsonLines.Serialize(back));
        Assert.Equal(paper.Authors, back.Authors);
        Assert.Equal(paper.FirstSeen, back.FirstSeen);
        Assert.Equal(paper.Updated, back.Updated);
    }

    [Fact]
    public void Parse_OneBadLine_RefusesItWithLineAndColumnAndKeepsTheOthers()
    {
        var parsed = PaperJsonLines.Parse(CliTestData.ImporterBytes("papers-one-bad.jsonl"));

        Assert.Equal(["2410.05258", "2401.15077"], parsed.Papers.Select(p => p.Paper.Id));
        Assert.Equal([1, 3], parsed.Papers.Select(p => p.Position.Line!.Value));
        var refusal = Assert.Single(parsed.Refused);
        Assert.Equal(2, refusal.Position.Line);
        Assert.NotNull(refusal.Position.Column);
        Assert.Equal("\"published\" has a value of the wrong type or format", refusal.Reason);
    }

    [Theory]
    [InlineData("""{"title":"No id"}""", "a paper needs \"id\", which this record lacks")]
    [InlineData("""{"abstract":"Neither"}""", "a paper needs \"id\" and \"title\", which this record lacks")]
    [InlineData("""{"id":"no pe","title":"Bad id"}""", "neither an arXiv id nor a paper id")]
    [InlineData("""{"id":"https://example.com/paper","title":"A link"}""", "neither an arXiv id nor a paper id")]
    [InlineData("""{"id":true,"title":"Bad id"}""", "\"id\" must be a string or a number")]
    [InlineData("""{"id":"2410.05258","title":"  "}""", "empty")]
    [InlineData("""{"id":"2410.05258","title":"T",""", "")]
    [InlineData("""[1,2]""", "")]
    public void Parse_InvalidLine_Refused(string line, string reason)
    {
        var parsed = PaperJsonLines.Parse(Encoding.UTF8.GetBytes("\n" + line + "\n"));

        Assert.Empty(parsed.Papers);
        var refusal = Assert.Single(parsed.Refused);
        Assert.Equal(2, refusal.Position.Line);
        Assert.Contains(reason, refusal.Reason);
    }

    [Fact]
    public void Parse_NullLists_BecomeEmpty()
    {
        var parsed = PaperJsonLines.Parse("""{"id":"2410.05258","title":"T","authors":null,"sources":null}"""u8);

        var paper = Assert.Single(parsed.Papers).Paper;
        Assert.Empty(paper.Authors);
        Assert.Empty(paper.Sources);
        Assert.Equal(1, paper.Version);
    }

    [Fact]
    public void Parse_CorpusLines_KeepTheCorpusIdsAndReadTheirTextAsTheAbstract()
    {
        // BEIR's corpus.jsonl (_id, title, text, metadata), the same corpus republished with "id", a dataset numbering
        // its papers (corpusid as a JSON number, authors as objects, a year), and a PaperBot line with a numbered id.
        var content = string.Join('\n',
            """{"_id": "4983", "title": "Microstructural development of white matter", "text": "Alterations of the architecture of cerebral white matter.", "metadata": {}}""",
            """{"id": "ug7v899j", "title": "", "text": "Clinical features of culture-proven infections. This retrospective chart review describes the epidemiology.", "metadata": "{}"}""",
            """{"corpusid": 123456, "title": "Deep residual learning", "abstract": "Deeper networks are harder to train.", "authors": [{"name": "Kaiming He"}, {"name": "Jian Sun"}], "year": 2016, "categories": "cs.CV q-bio.NC 42"}""",
            """{"id": 77, "title": "A numbered paper", "abstract": "We fold proteins."}""");

        var parsed = PaperJsonLines.Parse(Encoding.UTF8.GetBytes(content));

        Assert.Empty(parsed.Refused);
        var papers = parsed.Papers.Select(p => p.Paper).ToList();
        Assert.Equal(["4983", "ug7v899j", "123456", "77"], papers.Select(p => p.Id));
        Assert.Equal("Alterations of the architecture of cerebral white matter.", papers[0].Abstract);
        Assert.Equal("Clinical features of culture-proven infections", papers[1].Title);
        Assert.StartsWith("Clinical features", papers[1].Abstract, StringComparison.Ordinal);
        Assert.Equal(["Kaiming He", "Jian Sun"], papers[2].Authors);
        Assert.Equal(new DateOnly(2016, 1, 1), papers[2].Published);
        Assert.Equal(["cs.CV", "q-bio.NC"], papers[2].Categories);
        Assert.Equal("We fold proteins.", papers[3].Abstract);
    }

    [Theory]
    [InlineData("""{"_id": "two words", "title": "T", "text": "x"}""", "\"_id\" 'two words' is not a paper id")]
    [InlineData("""{"title": "T", "text": "x"}""", "a paper needs an id")]
    [InlineData("""{"_id": "1", "title": "", "text": ""}""", "paper 1 has neither a \"title\" nor a text")]
    [InlineData("""{"_id": "1", "title": "T", """, "")]
    public void Parse_BadCorpusLine_RefusedAtItsLine(string line, string reason)
    {
        var parsed = PaperJsonLines.Parse(Encoding.UTF8.GetBytes("\n" + line + "\n"));

        Assert.Empty(parsed.Papers);
        var refusal = Assert.Single(parsed.Refused);
        Assert.Equal(2, refusal.Position.Line);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
    }
}
