using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Importers;

/// <summary>
/// Lines of arXiv's bulk metadata snapshot (<c>arxiv-metadata-oai-snapshot.json</c>, one JSON object per line, as
/// arXiv publishes it through Kaggle): the authors as one string and again parsed into [last, first, suffix], the
/// categories space-separated, the title and abstract with the submission's line breaks, and every version with its
/// date. A JSON Lines import reads a line as one when it carries the snapshot's own <c>"authors_parsed"</c> or
/// <c>"update_date"</c>, so a slice of the snapshot imports as it is, mixed with PaperBot's lines or not.
/// </summary>
internal static class ArxivMetadataSnapshot
{
    /// <summary>Whether the line has a field only snapshot records have (a byte search, before any parsing).</summary>
    public static bool IsSnapshotLine(ReadOnlySpan<byte> line) =>
        line.IndexOf("\"authors_parsed\""u8) >= 0 || line.IndexOf("\"update_date\""u8) >= 0;

    public static bool TryRead(ReadOnlySpan<byte> line, int lineNumber, out Paper paper, out ImportRefusal refusal)
    {
        paper = null!;
        refusal = null!;
        SnapshotRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(line, ArxivMetadataSnapshotContext.Default.SnapshotRecord);
        }
        catch (JsonException ex)
        {
            refusal = PaperJsonLines.JsonRefusal(ex, lineNumber);
            return false;
        }

        if (record is null || !ArxivId.TryParse(record.Id, out var id))
        {
            refusal = new ImportRefusal(ImportPosition.AtLine(lineNumber), $"\"id\" '{HuggingFaceDailyParser.Clip(record?.Id ?? "")}' is not an arXiv id");
            return false;
        }

        var title = TextNormalizer.Collapse(record.Title);
        if (title.Length == 0)
        {
            refusal = new ImportRefusal(ImportPosition.AtLine(lineNumber), $"paper {id.Id} has an empty \"title\"");
            return false;
        }

        var versions = record.Versions?.Where(v => v is not null).ToList() ?? [];
        paper = new Paper
        {
            Id = id.Id,
            Version = LastVersion(versions) ?? id.Version ?? 1,
            Title = title,
            Abstract = TextNormalizer.Collapse(record.Abstract),
            Authors = Authors(record),
            Published = versions.Count > 0 && Created(versions[0]) is { } first ? DateOnly.FromDateTime(first.UtcDateTime) : null,
            Updated = versions.Count > 0 ? Created(versions[^1]) : null,
            Categories = SpaceSeparatedCategories(record.Categories),
            CodeUrl = ArxivAtomParser.CodeUrl(TextNormalizer.CollapseOrNull(record.Comments)),
            Sources = [ArxivAtomParser.SourceName],
        };
        return true;
    }

    /// <summary>"First Last Suffix" from the parsed triples; the raw string (commas and "and") when they are missing.</summary>
    private static List<string> Authors(SnapshotRecord record)
    {
        if (record.AuthorsParsed is { Count: > 0 } parsed)
        {
            return parsed
                .Where(parts => parts is { Count: > 0 })
                .Select(parts => TextNormalizer.Collapse(string.Join(' ', new[] { Part(parts!, 1), Part(parts!, 0), Part(parts!, 2) }.Where(p => p.Length > 0))))
                .Where(name => name.Length > 0)
                .ToList();
        }

        return AuthorsFromOneString(record.Authors);
    }

    /// <summary>Names from one string: <c>A. One, B. Two and C. Three</c>.</summary>
    internal static List<string> AuthorsFromOneString(string? authors) =>
        TextNormalizer.Collapse(authors)
            .Replace(" and ", ", ", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();

    /// <summary>The arXiv categories in a space-separated string (<c>cs.CL cs.AI</c>), each once; anything else is not one.</summary>
    internal static List<string> SpaceSeparatedCategories(string? categories) =>
        ValidCategories((categories ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The terms that are arXiv categories, each once, in order.</summary>
    internal static List<string> ValidCategories(IEnumerable<string> terms) =>
        [.. terms.Where(c => ArxivAtomParser.CategoryPattern().IsMatch(c)).Distinct(StringComparer.Ordinal)];

    private static string Part(List<string?> parts, int index) => index < parts.Count ? TextNormalizer.Collapse(parts[index]) : "";

    private static int? LastVersion(List<SnapshotVersion> versions) =>
        versions.Count > 0
        && versions[^1].Version is { Length: > 1 } last
        && (last[0] is 'v' or 'V')
        && int.TryParse(last.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && number >= 1
            ? number
            : null;

    // "Mon, 2 Apr 2007 19:18:42 GMT"
    private static DateTimeOffset? Created(SnapshotVersion version) =>
        version.Created is { } text
        && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when)
            ? when
            : null;
}

/// <summary>The fields of a snapshot line PaperBot keeps; the others (doi, journal-ref, license...) are skipped.</summary>
internal sealed class SnapshotRecord
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("abstract")]
    public string? Abstract { get; set; }

    [JsonPropertyName("authors")]
    public string? Authors { get; set; }

    [JsonPropertyName("authors_parsed")]
    public List<List<string?>?>? AuthorsParsed { get; set; }

    [JsonPropertyName("categories")]
    public string? Categories { get; set; }

    [JsonPropertyName("comments")]
    public string? Comments { get; set; }

    [JsonPropertyName("versions")]
    public List<SnapshotVersion>? Versions { get; set; }
}

internal sealed class SnapshotVersion
{
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("created")]
    public string? Created { get; set; }
}

[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(SnapshotRecord))]
internal sealed partial class ArxivMetadataSnapshotContext : JsonSerializerContext;
