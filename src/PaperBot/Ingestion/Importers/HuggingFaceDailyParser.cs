using System.Globalization;
using System.Text.Json;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Importers;

/// <summary>
/// Reads the Hugging Face <c>/api/daily_papers</c> array. The item shape grew over the years (2023 items
/// have no <c>ai_summary</c>, <c>githubRepo</c> or <c>submittedOnDailyAt</c>; some put the title only at
/// the top level), so only <c>paper.id</c> is required and a field of an unexpected type counts as absent.
/// </summary>
public static class HuggingFaceDailyParser
{
    public const string SourceName = "huggingface";

    private static readonly JsonSerializerOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>A page held in memory (tests, small files): the same reading as <see cref="ReadAsync"/>, collected.</summary>
    public static ParsedImport Parse(ReadOnlyMemory<byte> content)
    {
        // A MemoryStream completes every read synchronously, so nothing blocks here.
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return ParsedRecord.Collect(ImportFormat.HuggingFaceDaily, ReadAsync(stream, CancellationToken.None).ToBlockingEnumerable());
    }

    /// <summary>A page read from the network, item by item, collected.</summary>
    public static async Task<ParsedImport> ParseAsync(Stream content, CancellationToken cancellationToken) =>
        ParsedRecord.Collect(ImportFormat.HuggingFaceDaily, await ReadAsync(content, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The array's items one at a time, as they are read from the stream: memory holds one item, not the
    /// file. Broken JSON ends the sequence with a failure at its line and column.
    /// </summary>
    public static async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream content, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(content, ReaderOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            var index = 0;
            while (true)
            {
                ParsedRecord? failure = null;
                var more = false;
                try
                {
                    more = await items.MoveNextAsync().ConfigureAwait(false);
                }
                catch (JsonException ex)
                {
                    failure = index == 0 && ex.Path == "$" && ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                        ? ParsedRecord.Failed(ImportPosition.AtLine(1), "expected a JSON array of daily papers")
                        : ParsedRecord.Failed(JsonPosition(ex), $"invalid JSON: {JsonMessage(ex)}");
                }

                if (failure is not null)
                {
                    yield return failure;
                    yield break;
                }

                if (!more)
                {
                    yield break;
                }

                index++;
                var position = ImportPosition.AtRecord(index);
                yield return TryReadItem(items.Current, out var paper, out var reason)
                    ? ParsedRecord.Of(new ParsedPaper(paper, position))
                    : ParsedRecord.Refusal(position, reason);
            }
        }
    }

    private static bool TryReadItem(JsonElement item, out Paper paper, out string reason)
    {
        paper = null!;
        if (item.ValueKind != JsonValueKind.Object)
        {
            reason = "item is not a JSON object";
            return false;
        }

        if (!item.TryGetProperty("paper", out var inner) || inner.ValueKind != JsonValueKind.Object)
        {
            reason = "item has no \"paper\" object";
            return false;
        }

        var rawId = String(inner, "id");
        if (rawId is null)
        {
            reason = "item has no \"paper.id\"";
            return false;
        }

        if (!ArxivId.TryParse(rawId, out var id))
        {
            reason = $"\"paper.id\" '{Clip(rawId)}' is not an arXiv id";
            return false;
        }

        var title = TextNormalizer.Collapse(String(inner, "title") ?? String(item, "title"));
        if (title.Length == 0)
        {
            reason = $"paper {id.Id} has no title";
            return false;
        }

        paper = new Paper
        {
            Id = id.Id,
            Version = id.Version ?? 1,
            Title = title,
            Abstract = TextNormalizer.Collapse(String(inner, "summary") ?? String(item, "summary")),
            Authors = Authors(inner),
            Published = Date(String(inner, "publishedAt") ?? String(item, "publishedAt")),
            CodeUrl = HttpUrl(String(inner, "githubRepo")),
            ProjectUrl = HttpUrl(String(inner, "projectPage")),
            Upvotes = Int(inner, "upvotes") ?? Int(item, "upvotes"),
            Comments = Int(item, "numComments") ?? Int(inner, "numComments"),
            AiSummary = TextNormalizer.CollapseOrNull(String(inner, "ai_summary")),
            AiKeywords = Strings(inner, "ai_keywords"),
            Sources = [SourceName],
        };
        reason = "";
        return true;
    }

    private static List<string> Authors(JsonElement inner)
    {
        var names = new List<string>();
        if (inner.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in authors.EnumerateArray())
            {
                // Older dumps have been seen with plain strings instead of author objects.
                var name = author.ValueKind switch
                {
                    JsonValueKind.Object => String(author, "name"),
                    JsonValueKind.String => author.GetString(),
                    _ => null,
                };
                name = TextNormalizer.Collapse(name);
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static List<string> Strings(JsonElement element, string property)
    {
        var values = new List<string>();
        if (element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var value in array.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.String && TextNormalizer.CollapseOrNull(value.GetString()) is { } text)
                {
                    values.Add(text);
                }
            }
        }

        return values;
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int? Int(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number
            : null;

    private static DateOnly? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? DateOnly.FromDateTime(when.UtcDateTime)
            : null;

    private static string? HttpUrl(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.OriginalString
            : null;

    internal static ImportPosition JsonPosition(JsonException ex) =>
        ImportPosition.AtLine((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);

    // System.Text.Json appends "Path: $.x | LineNumber: 0 | BytePositionInLine: 12." which the position
    // already says, 1-based; the JSON path is kept in a shorter form.
    internal static string JsonMessage(JsonException ex)
    {
        // System.Text.Json names the .NET type it could not fill ("could not be converted to
        // PaperBot.Papers.Paper"), which means nothing to whoever wrote the file: name the field instead.
        if (ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            && ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return $"\"{path[2..]}\" has a value of the wrong type or format";
        }

        // "JSON deserialization for type 'PaperBot.Papers.Paper' was missing required properties including: 'id'."
        var missing = ex.Message.IndexOf("missing required properties including:", StringComparison.Ordinal);
        if (missing > 0)
        {
            var fields = ex.Message[(missing + "missing required properties including:".Length)..].Split('.')[0].Trim().Replace('\'', '"').Split(", ");
            return $"a paper needs {(fields.Length == 1 ? fields[0] : string.Join(", ", fields[..^1]) + " and " + fields[^1])}, which this record lacks";
        }

        var message = ex.Message;
        foreach (var marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        message = message.Trim();
        return string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? message : $"{message} (at {ex.Path})";
    }

    internal static string Clip(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
