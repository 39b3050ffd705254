using PaperBot.Ingestion.Importers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Ingestion.Importers;

public sealed class ArxivAtomParserTests
{
    private static ParsedImport ParseFixture(string name)
    {
        using var stream = File.OpenRead(CliTestData.Importer(name));
        return ArxivAtomParser.Parse(stream);
    }

    [Fact]
    public void Parse_ClassicFeed_ReadsEntriesWithVersionCategoriesAndDates()
    {
        var parsed = ParseFixture("arxiv-classic.xml");

        Assert.Null(parsed.Failure);
        Assert.Empty(parsed.Refused);
        var leviathan = parsed.Papers[0].Paper;
        Assert.Equal("2211.17192", leviathan.Id);
        Assert.Equal(1, leviathan.Version);
        Assert.Equal("Fast Inference from Transformers via Speculative Decoding", leviathan.Title);
        Assert.StartsWith("Inference from large autoregressive models", leviathan.Abstract);
        Assert.Equal(["Yaniv Leviathan", "Matan Kalman", "Yossi Matias"], leviathan.Authors);
        Assert.Equal(new DateOnly(2022, 11, 30), leviathan.Published);
        Assert.Equal(new DateTimeOffset(2022, 11, 30, 17, 33, 28, TimeSpan.Zero), leviathan.Updated);

        // The ACM class I.2.7 is not an arXiv category.
        Assert.Equal(["cs.LG", "cs.CL"], leviathan.Categories);
        Assert.Equal(["arxiv"], leviathan.Sources);
        Assert.Equal(10, parsed.Papers[0].Position.Line);
    }

    [Fact]
    public void Parse_CommentWithGithubUrl_SetsCodeUrl()
    {
        var medusa = ParseFixture("arxiv-classic.xml").Papers[1].Paper;

        Assert.Equal("2401.10774", medusa.Id);
        Assert.Equal("https://github.com/FasterDecoding/Medusa", medusa.CodeUrl);
        Assert.Equal(7, medusa.Authors.Count);
    }

    [Fact]
    public void Parse_2025Serialization_ReadsPrimaryCategoryWithoutSchemeAndVersion2()
    {
        var parsed = ParseFixture("arxiv-2025.xml");

        Assert.Null(parsed.Failure);
        Assert.Equal(["2211.17192", "2302.01318"], parsed.Papers.Select(p => p.Paper.Id));
        var leviathan = parsed.Papers[0].Paper;
        Assert.Equal(2, leviathan.Version);
        Assert.Equal(new DateOnly(2022, 11, 30), leviathan.Published);
        Assert.Equal(new DateTimeOffset(2023, 5, 18, 21, 4, 40, TimeSpan.Zero), leviathan.Updated);
        Assert.Equal(["cs.LG", "cs.CL"], leviathan.Categories);
        Assert.Equal(["cs.CL"], parsed.Papers[1].Paper.Categories);
    }

    [Fact]
    public void Parse_PrimaryCategoryListedLast_PutsItFirst()
    {
        var xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
              <entry>
                <category term="cs.AI"/><category term="stat.ML"/>
                <title>T</title>
                <id>https://arxiv.org/abs/2410.05258v1</id>
                <arxiv:primary_category term="stat.ML"/>
              </entry>
            </feed>
            """;

        var paper = Assert.Single(ArxivAtomParser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml))).Papers).Paper;

        Assert.Equal(["stat.ML", "cs.AI"], paper.Categories);
    }

    [Fact]
    public void Parse_ApiErrorFeed_FailsWithTheApiMessageAndNoPaper()
    {
        var parsed = ParseFixture("arxiv-error.xml");

        Assert.NotNull(parsed.Failure);
        Assert.Empty(parsed.Papers);
        Assert.Contains("incorrect id format for 1234.12345", parsed.Failure.Reason);
        Assert.Equal(9, parsed.Failure.Position.Line);
    }

    [Fact]
    public void Parse_InvalidXml_FailsWithLineAndColumn()
    {
        var parsed = ParseFixture("arxiv-invalid.xml");

        Assert.NotNull(parsed.Failure);
        Assert.Empty(parsed.Papers);
        Assert.Equal(9, parsed.Failure.Position.Line);
        Assert.NotNull(parsed.Failure.Position.Column);
        Assert.StartsWith("invalid XML", parsed.Failure.Reason);
    }

    [Fact]
    public void Parse_NotAnAtomFeed_Fails()
    {
        var parsed = ArxivAtomParser.Parse(new MemoryStream("<rss version=\"2.0\"><channel/></rss>"u8.ToArray()));

        Assert.NotNull(parsed.Failure);
        Assert.Contains("Atom", parsed.Failure.Reason);
    }

    [Fact]
    public void Parse_EntryWithForeignId_RefusesItWithItsPosition()
    {
        var xml = """
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry><id>http://arxiv.org/abs/2410.05258v1</id><title>Good</title></entry>
              <entry><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id><title>Foreign</title></entry>
            </feed>
            """;

        var parsed = ArxivAtomParser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)));

        Assert.Single(parsed.Papers);
        var refusal = Assert.Single(parsed.Refused);
        Assert.Equal(2, refusal.Position.Record);
        Assert.Equal(3, refusal.Position.Line);
    }

    [Fact]
    public void Parse_DocumentTypeDeclaration_IsRefusedNotResolved()
    {
        var xml = """<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed xmlns="http://www.w3.org/2005/Atom"/>""";

        var parsed = ArxivAtomParser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)));

        Assert.NotNull(parsed.Failure);
    }
}
