using Microsoft.Extensions.Logging;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Importers;

/// <summary>
/// Imports a file of papers in any of the supported formats (detected from the content) into the store,
/// in batches so a large export neither holds one long write lock nor loses everything on a late failure.
/// </summary>
public sealed partial class PaperImporter(PaperStore store, ILogger<PaperImporter> logger)
{
    // Large enough that each batch's full-text terms are written as one index segment (see 0006_fts_hash_size.sql),
    // small enough that a batch holds the write lock for about a second at most.
    public const int DefaultBatchSize = 5000;

    public int BatchSize { get; init; } = DefaultBatchSize;

    public async Task<ImportReport> ImportFileAsync(string path, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ImportReport.Failed(path, ImportFormat.Unknown, new ImportRefusal(default, $"cannot read the file: {ex.Message}"));
        }

        return await ImportAsync(content, path, progress, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ImportReport> ImportAsync(ReadOnlyMemory<byte> content, string source, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var parsed = Parse(content);
        if (parsed.Failure is not null)
        {
            Log.FileRefused(logger, source, parsed.Failure.ToString());
            return ImportReport.Failed(source, parsed.Format, parsed.Failure);
        }

        int inserted = 0, updated = 0, unchanged = 0;
        var papers = parsed.Papers;
        for (var start = 0; start < papers.Count; start += BatchSize)
        {
            var batch = papers.Skip(start).Take(BatchSize).Select(p => p.Paper).ToList();
            var result = await store.UpsertManyAsync(batch, cancellationToken).ConfigureAwait(false);
            inserted += result.Inserted;
            updated += result.Updated;
            unchanged += result.Unchanged;
            progress?.Report(new ImportProgress(source, start + batch.Count, papers.Count));
        }

        Log.Imported(logger, source, parsed.Format, inserted, updated, unchanged, parsed.Refused.Count);
        return new ImportReport(source, parsed.Format, inserted, updated, unchanged, parsed.Refused, null);
    }

    /// <summary>Parses without storing: the format comes from the content, never from a file name.</summary>
    public static ParsedImport Parse(ReadOnlyMemory<byte> content)
    {
        var format = ImportFormatDetector.Detect(content.Span);
        return format switch
        {
            ImportFormat.HuggingFaceDaily => HuggingFaceDailyParser.Parse(content),
            ImportFormat.ArxivAtom => ParseAtom(content),
            ImportFormat.JsonLines => PaperJsonLines.Parse(content.Span),
            _ => ParsedImport.Failed(
                ImportFormat.Unknown,
                ImportPosition.AtLine(1),
                content.Span.Trim((byte)' ').IsEmpty
                    ? "the file is empty"
                    : "unrecognized format: expected a Hugging Face daily papers JSON array, an arXiv Atom feed or PaperBot JSON Lines"),
        };
    }

    private static ParsedImport ParseAtom(ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return ArxivAtomParser.Parse(stream);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Information,
            Message = "Imported {Source} ({Format}): {Inserted} new, {Updated} updated, {Unchanged} unchanged, {Refused} refused")]
        public static partial void Imported(ILogger logger, string source, ImportFormat format, int inserted, int updated, int unchanged, int refused);

        // Information: the import command itself tells the user why, on stderr.
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Import of {Source} refused: {Failure}")]
        public static partial void FileRefused(ILogger logger, string source, string failure);
    }
}
