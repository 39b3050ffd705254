using System.Text.Json;
using PaperBot.Library;
using PaperBot.Papers;

namespace PaperBot.Tests.Library;

public sealed class LibraryExportTests
{
    private static readonly Paper Sample = new()
    {
        Id = "2501.01234",
        Title = "Q&A, \"quoted\" [links] *and* Müller's =SUM(1)",
        Authors = ["Jürgen Schmidhuber", "Ana de la Cruz"],
        Published = new DateOnly(2025, 1, 3),
        Categories = ["cs.CL"],
    };

    [Fact]
    public void Jsonl_OnePaper_ParsesBackWithUtf8Kept()
    {
        var text = LibraryExport.Jsonl([Sample, Sample with { Id = "2501.00002" }]);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var json = JsonDocument.Parse(lines[0]);
        Assert.Equal(Sample.Title, json.RootElement.GetProperty("title").GetString());
        Assert.Equal(Sample.Authors, json.RootElement.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("Müller", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_QuotesAndCommas_EscapedPerRfc4180()
    {
        var text = LibraryExport.Csv([Sample]);

        var row = text.Split("\r\n")[1];
        Assert.Equal("2501.01234,\"Q&A, \"\"quoted\"\" [links] *and* Müller's =SUM(1)\",Jürgen Schmidhuber; Ana de la Cruz,2025-01-03,cs.CL,https://arxiv.org/abs/2501.01234", row);
    }

    [Fact]
    public void Markdown_NoPublicationDate_GivesTheYearInTheId()
    {
        var text = LibraryExport.Markdown([Sample with { Id = "1909.13719", Published = null }]);

        Assert.Contains(" (2019) `arXiv:1909.13719`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exports_PapersFromOtherSources_NameTheirOwnIdsAndLinkOnlyWhatExists()
    {
        Paper[] papers = [Sample with { Id = "10.1145/3292500.3330701" }, Sample with { Id = "4983", Published = null }];

        var markdown = LibraryExport.Markdown(papers);
        var csv = LibraryExport.Csv(papers).Split("\r\n");
        var jsonl = LibraryExport.Jsonl(papers).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("](https://doi.org/10.1145/3292500.3330701) — Jürgen Schmidhuber, Ana de la Cruz (2025) `doi:10.1145/3292500.3330701`", markdown, StringComparison.Ordinal);
        Assert.Contains("\n- Q&A, \"quoted\" \\[links\\] \\*and\\* Müller's =SUM\\(1\\) — Jürgen Schmidhuber, Ana de la Cruz `4983`\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("arXiv", markdown, StringComparison.Ordinal);
        Assert.EndsWith(",https://doi.org/10.1145/3292500.3330701", csv[1], StringComparison.Ordinal);
        Assert.EndsWith(",cs.CL,", csv[2], StringComparison.Ordinal);
        using var numbered = JsonDocument.Parse(jsonl[1]);
        Assert.Equal("4983", numbered.RootElement.GetProperty("id").GetString());
        Assert.False(numbered.RootElement.TryGetProperty("url", out _));
    }

    [Fact]
    public void Markdown_Title_LinkTextEscaped()
    {
        var text = LibraryExport.Markdown([Sample]);

        Assert.Contains(@"[Q&A, ""quoted"" \[links\] \*and\* Müller's =SUM\(1\)](https://arxiv.org/abs/2501.01234)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bibtex", LibraryExportFormat.BibTex)]
    [InlineData("Markdown", LibraryExportFormat.Markdown)]
    [InlineData("csv", LibraryExportFormat.Csv)]
    [InlineData("jsonl", LibraryExportFormat.Jsonl)]
    public void TryParseFormat_KnownNames_Parsed(string name, LibraryExportFormat expected)
    {
        Assert.True(LibraryExport.TryParseFormat(name, out var format));
        Assert.Equal(expected, format);
        Assert.False(LibraryExport.TryParseFormat("docx", out _));
    }
}
