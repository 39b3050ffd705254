using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Importers;

/// <summary>
/// PaperBot's export format: one <see cref="Paper"/> per line, every stored field, camelCase, nulls written
/// out so a line documents the whole shape. Writing then reading gives back an equal record, which is what
/// lets an export seed another store.
/// </summary>
public static class PaperJsonLines
{
    private static readonly JsonSerializerOptions Options = new(PaperJsonLinesContext.Default.Options)
    {
        // Exports are files, not HTML: keep accents and quotes readable instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = PaperJsonLinesContext.Default.WithAddedModifier(DropComputedProperties),
    };

    private static readonly JsonTypeInfo<Paper> PaperInfo = (JsonTypeInfo<Paper>)Options.GetTypeInfo(typeof(Paper));

    public static string Serialize(Paper paper) => JsonSerializer.Serialize(paper, PaperInfo);

    public static async Task WriteAsync(TextWriter writer, IEnumerable<Paper> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(papers);
        foreach (var paper in papers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(Serialize(paper).AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<Paper> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(papers);
        await foreach (var paper in papers.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(Serialize(paper).AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads every line; a bad line is refused with its line number and the others still count.</summary>
    public static ParsedImport Parse(ReadOnlySpan<byte> content)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (content.StartsWith(bom))
        {
            content = content[bom.Length..];
        }

        var papers = new List<ParsedPaper>();
        var refused = new List<ImportRefusal>();
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.IndexOf((byte)'\n');
            ReadLine(end < 0 ? content : content[..end], lineNumber, papers, refused);
            content = end < 0 ? [] : content[(end + 1)..];
        }

        return new ParsedImport(ImportFormat.JsonLines, papers, refused, null);
    }

    /// <summary>
    /// One line without its <c>\n</c>: a paper into <paramref name="papers"/>, a bad line into
    /// <paramref name="refused"/> with its number, a blank line nowhere.
    /// </summary>
    internal static void ReadLine(ReadOnlySpan<byte> line, int lineNumber, List<ParsedPaper> papers, List<ImportRefusal> refused)
    {
        if (line.EndsWith((ReadOnlySpan<byte>)[(byte)'\r']))
        {
            line = line[..^1];
        }

        if (line.Trim((byte)' ').Trim((byte)'\t').IsEmpty)
        {
            return;
        }

        if (TryRead(line, lineNumber, out var paper, out var refusal))
        {
            papers.Add(new ParsedPaper(paper, ImportPosition.AtLine(lineNumber)));
        }
        else
        {
            refused.Add(refusal);
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> line, int lineNumber, out Paper paper, out ImportRefusal refusal)
    {
        if (ArxivMetadataSnapshot.IsSnapshotLine(line))
        {
            return ArxivMetadataSnapshot.TryRead(line, lineNumber, out paper, out refusal);
        }

        if (CorpusRecordLine.IsCorpusLine(line))
        {
            return CorpusRecordLine.TryRead(line, lineNumber, out paper, out refusal);
        }

        paper = null!;
        refusal = null!;
        Paper? read;
        try
        {
            read = JsonSerializer.Deserialize(line, PaperInfo);
        }
        catch (JsonException ex)
        {
            refusal = JsonRefusal(ex, lineNumber);
            return false;
        }

        if (read is null)
        {
            refusal = new ImportRefusal(ImportPosition.AtLine(lineNumber), "line is null, not a paper object");
            return false;
        }

        if (!PaperId.TryNormalize(read.Id, out var id))
        {
            refusal = new ImportRefusal(
                ImportPosition.AtLine(lineNumber),
                $"\"id\" '{HuggingFaceDailyParser.Clip(read.Id ?? "")}' is neither an arXiv id nor a paper id (at most {PaperId.MaxLength} visible characters, no spaces, quotes or brackets)");
            return false;
        }

        if (string.IsNullOrWhiteSpace(read.Title))
        {
            refusal = new ImportRefusal(ImportPosition.AtLine(lineNumber), $"paper {id} has an empty \"title\"");
            return false;
        }

        // A JSON null for a list would otherwise slip past the non-nullable annotations into the store.
        paper = read with
        {
            Id = id,
            Version = read.Version < 1 ? 1 : read.Version,
            Abstract = read.Abstract ?? "",
            Authors = read.Authors ?? [],
            Categories = read.Categories ?? [],
            AiKeywords = read.AiKeywords ?? [],
            Sources = read.Sources ?? [],
        };
        return true;
    }

    /// <summary>A line that is not valid JSON (or not of the record's shape), refused at its line and column.</summary>
    internal static ImportRefusal JsonRefusal(JsonException ex, int lineNumber)
    {
        var column = ex.BytePositionInLine is { } bytes ? (int)bytes + 1 : (int?)null;
        return new ImportRefusal(ImportPosition.AtLine(lineNumber, column), HuggingFaceDailyParser.JsonMessage(ex));
    }

    private static void DropComputedProperties(JsonTypeInfo info)
    {
        if (info.Type != typeof(Paper))
        {
            return;
        }

        // AbsUrl, PdfUrl, PrimaryCategory... are derived from other fields: exporting them would only invite
        // files where they disagree.
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null)
            {
                info.Properties.RemoveAt(i);
            }
            else if (info.Properties[i].Name == "id")
            {
                // A corpus numbered 1, 2, 3... writes its ids as JSON numbers: read them as the id's text.
                info.Properties[i].CustomConverter = new StringOrNumberConverter();
            }
        }
    }

    /// <summary>A string, or a JSON number read as its text (written back as a string).</summary>
    private sealed class StringOrNumberConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException("\"id\" must be a string or a number"),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    internal static Encoding Utf8NoBom { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    WriteIndented = false)]
[JsonSerializable(typeof(Paper))]
internal sealed partial class PaperJsonLinesContext : JsonSerializerContext;
