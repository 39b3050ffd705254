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
