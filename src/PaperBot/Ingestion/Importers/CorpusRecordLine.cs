using System.Globalization;
using System.Text.Json;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Importers;

/// <summary>
/// A line of a document corpus as retrieval benchmarks and paper datasets publish them, rather than PaperBot's own
/// record: BEIR's <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>), and the many files that name the id
/// <c>doc_id</c>, <c>docid</c>, <c>paper_id</c>, <c>corpusid</c> or <c>corpus_id</c> (a string or a number) and the
/// abstract <c>abstract</c> or <c>text</c>. The paper keeps the id as the corpus gives it (<see cref="PaperId"/>), so a
/// search answer names documents as the corpus does. A JSON Lines import reads a line as one when it has one of those
/// id fields and no <c>"id"</c> of its own, or when its text is a <c>"text"</c> and it has no <c>"abstract"</c> (the
/// same corpora republished with <c>id</c>).
/// </summary>
internal static class CorpusRecordLine
{
    private static readonly string[] IdFields = ["id", "_id", "doc_id", "docid", "paper_id", "corpusid", "corpus_id"];

    // The title made from the text when a corpus has none (some BEIR corpora leave titles empty).
    private const int TitleFromTextLength = 120;

    /// <summary>Whether the line names its id by a corpus's field and not PaperBot's (byte searches, before any parsing).</summary>
    public static bool IsCorpusLine(ReadOnlySpan<byte> line) =>
        (line.IndexOf("\"text\""u8) >= 0 && line.IndexOf("\"abstract\""u8) < 0)
        || (line.IndexOf("\"id\""u8) < 0
            && (line.IndexOf("\"_id\""u8) >= 0 || line.IndexOf("\"doc_id\""u8) >= 0 || line.IndexOf("\"docid\""u8) >= 0
                || line.IndexOf("\"paper_id\""u8) >= 0 || line.IndexOf("\"corpusid\""u8) >= 0 || line.IndexOf("\"corpus_id\""u8) >= 0));

    public static bool TryRead(ReadOnlySpan<byte> line, int lineNumber, out Paper paper, out ImportRefusal refusal)
    {
        paper = null!;
        refusal = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException ex)
        {
            refusal = PaperJsonLines.JsonRefusal(ex, lineNumber);
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                refusal = new ImportRefusal(ImportPosition.AtLine(lineNumber), "line is not a paper object");
                return false;
            }

            var (field, rawId) = Id(root);
            if (field is null)
            {
                refusal = new ImportRefusal(ImportPosition.AtLine(lineNumber), "a paper needs an id (\"id\" or \"_id\"), which this record lacks");
                return false;
            }

            if (!PaperId.TryNormalize(rawId, out var id))
            {
                refusal = new ImportRefusal(
                    ImportPosition.AtLine(lineNumber),
                    $"\"{field}\" '{HuggingFaceDailyParser.Clip(rawId ?? "")}' is not a paper id (at most {PaperId.MaxLength} visible characters, no spaces, quotes or brackets)");
                return false;
            }

            var text = TextNormalizer.Collapse(String(root, "abstract") ?? String(root, "text"));
            var title = TextNormalizer.Collapse(String(root, "title"));
            if (title.Length == 0)
            {
                title = TitleFromText(text);
            }

            if (title.Length == 0)
            {
                refusal = new ImportRefusal(ImportPosition.AtLine(lineNumber), $"paper {id} has neither a \"title\" nor a text");
                return false;
            }

            paper = new Paper
            {
                Id = id,
                Title = title,
                Abstract = text,
                Authors = Authors(root),
                Published = Published(root),
                Categories = Categories(root),
                Sources = ["import"],
            };
            return true;
        }
    }

    private static (string? Field, string? Value) Id(JsonElement root)
    {
        foreach (var name in IdFields)
        {
            if (root.TryGetProperty(name, out var value))
            {
                return value.ValueKind switch
                {
                    JsonValueKind.String => (name, value.GetString()),
                    JsonValueKind.Number => (name, value.GetRawText()),
                    _ => (name, null),
                };
            }
        }

        return (null, null);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The text's first sentence, or as much of it as fits, cut at a word.</summary>
    private static string TitleFromText(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 && end < TitleFromTextLength ? text[..end] : text;
        if (sentence.Length <= TitleFromTextLength)
        {
            return sentence;
        }

        var cut = sentence.LastIndexOf(' ', TitleFromTextLength - 1);
        return string.Concat(sentence.AsSpan(0, cut > 0 ? cut : TitleFromTextLength - 1), "…");
    }

    /// <summary>Authors as a list of names, a list of objects with a <c>name</c>, or one string (commas and "and").</summary>
    private static List<string> Authors(JsonElement root)
    {
        if (!root.TryGetProperty("authors", out var authors))
        {
            return [];
        }

        if (authors.ValueKind == JsonValueKind.String)
        {
            return ArxivMetadataSnapshot.AuthorsFromOneString(authors.GetString());
        }

        if (authors.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var names = new List<string>();
        foreach (var author in authors.EnumerateArray())
        {
            var name = author.ValueKind switch
            {
                JsonValueKind.String => author.GetString(),
                JsonValueKind.Object => String(author, "name"),
                _ => null,
            };
            if (TextNormalizer.Collapse(name) is { Length: > 0 } collapsed)
            {
                names.Add(collapsed);
            }
        }

        return names;
    }

    /// <summary>arXiv-style categories as a list or one space-separated string; anything else is not a category.</summary>
    private static List<string> Categories(JsonElement root)
    {
        if (!root.TryGetProperty("categories", out var categories))
        {
            return [];
        }

        return categories.ValueKind switch
        {
            JsonValueKind.String => ArxivMetadataSnapshot.SpaceSeparatedCategories(categories.GetString()),
            JsonValueKind.Array => ArxivMetadataSnapshot.ValidCategories(
                categories.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!)),
            _ => [],
        };
    }

    /// <summary>A <c>published</c> or <c>date</c> (<c>YYYY-MM-DD</c>), else a <c>year</c> as its first day.</summary>
    private static DateOnly? Published(JsonElement root)
    {
        foreach (var name in (string[])["published", "date", "publication_date"])
        {
            if (String(root, name) is { Length: >= 10 } text
                && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }
        }

        if (root.TryGetProperty("year", out var year)
            && (year.ValueKind == JsonValueKind.Number && year.TryGetInt32(out var number)
                || year.ValueKind == JsonValueKind.String && int.TryParse(year.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
            && number is >= 1000 and <= 9999)
        {
            return new DateOnly(number, 1, 1);
        }

        return null;
    }
}
