using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PaperBot.Papers;

namespace PaperBot.Library;

public enum LibraryExportFormat
{
    BibTex,
    Markdown,
    Csv,
    Jsonl,
}

/// <summary>An export ready to attach: file name and UTF-8 text.</summary>
public sealed record LibraryExportFile(string FileName, string ContentType, string Content)
{
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Content);
}

/// <summary>Writes a library in the formats people paste into reference managers, notes and spreadsheets.</summary>
public static class LibraryExport
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool TryParseFormat(string? value, out LibraryExportFormat format)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "BIBTEX" or "BIB": format = LibraryExportFormat.BibTex; return true;
            case "MARKDOWN" or "MD": format = LibraryExportFormat.Markdown; return true;
            case "CSV": format = LibraryExportFormat.Csv; return true;
            case "JSONL" or "JSON": format = LibraryExportFormat.Jsonl; return true;
            default: format = default; return false;
        }
    }

    public static LibraryExportFile Create(LibraryExportFormat format, IReadOnlyList<Paper> papers) => format switch
    {
        LibraryExportFormat.BibTex => new("library.bib", "application/x-bibtex", BibTexWriter.Write(papers)),
        LibraryExportFormat.Markdown => new("library.md", "text/markdown", Markdown(papers)),
        LibraryExportFormat.Csv => new("library.csv", "text/csv", Csv(papers)),
        LibraryExportFormat.Jsonl => new("library.jsonl", "application/jsonl", Jsonl(papers)),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string Markdown(IReadOnlyList<Paper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var text = new StringBuilder("# My PaperBot library\n\n");
        foreach (var paper in papers)
        {
            if (paper.AbsUrl is { } page)
            {
                text.Append("- [").Append(EscapeMarkdown(paper.DisplayTitle)).Append("](").Append(page.AbsoluteUri).Append(')');
            }
            else
            {
                // A paper from another source without a page: its title; its id follows, as for every paper.
                text.Append("- ").Append(EscapeMarkdown(paper.DisplayTitle));
            }

            if (paper.Authors.Count > 0)
            {
                text.Append(" — ").Append(EscapeMarkdown(string.Join(", ", paper.Authors)));
            }

            if (paper.DateOrSubmissionMonth is { } published)
            {
                text.Append(" (").Append(published.Year.ToString(CultureInfo.InvariantCulture)).Append(')');
            }

            text.Append(" `").Append(PaperId.Label(paper.Id)).Append("`\n");
        }

        return text.ToString();
    }

    public static string Csv(IReadOnlyList<Paper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var text = new StringBuilder("arxiv_id,title,authors,published,primary_category,url\r\n");
        foreach (var paper in papers)
        {
            text.Append(CsvField(paper.Id)).Append(',')
                .Append(CsvField(paper.Title)).Append(',')
                .Append(CsvField(string.Join("; ", paper.Authors))).Append(',')
                .Append(CsvField(paper.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "")).Append(',')
                .Append(CsvField(paper.PrimaryCategory ?? "")).Append(',')
                .Append(CsvField(paper.AbsUrl?.AbsoluteUri ?? "")).Append("\r\n");
        }

        return text.ToString();
    }

    public static string Jsonl(IReadOnlyList<Paper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var text = new StringBuilder();
        foreach (var paper in papers)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                json.WriteString("id", paper.Id);
                json.WriteString("title", paper.Title);
                json.WriteStartArray("authors");
                foreach (var author in paper.Authors)
                {
                    json.WriteStringValue(author);
                }

                json.WriteEndArray();
                if (paper.Published is { } published)
                {
                    json.WriteString("published", published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                json.WriteStartArray("categories");
                foreach (var category in paper.Categories)
                {
                    json.WriteStringValue(category);
                }

                json.WriteEndArray();
                if (paper.AbsUrl is { } url)
                {
                    json.WriteString("url", url.AbsoluteUri);
                }

                json.WriteString("abstract", paper.Abstract);
                json.WriteEndObject();
            }

            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        return text.ToString();
    }

    private static string CsvField(string value)
    {
        // A leading = + - @ makes spreadsheets evaluate the cell; a quote mark prefix keeps it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny("\",\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string EscapeMarkdown(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '(' or ')' or '~' or '|' or '<' or '>' or '#')
            {
                text.Append('\\');
            }

            text.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return text.ToString();
    }
}
