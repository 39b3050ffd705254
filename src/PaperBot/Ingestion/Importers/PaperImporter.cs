using System.IO.Compression;
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

    /// <summary>How many refused records a report lists with their positions; the rest are only counted.</summary>
    public const int ListedRefusals = 100;

    public int BatchSize { get; init; } = DefaultBatchSize;

    public async Task<ImportReport> ImportFileAsync(string path, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                // A gzip file (papers.jsonl.gz, as corpora are often shipped) is read through its decompression.
                var stream = await IsGzipAsync(file, cancellationToken).ConfigureAwait(false)
                    ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true)
                    : (Stream)file;
                await using (stream.ConfigureAwait(false))
                {
                    // Read from the stream only (no seeking back), so a pipe such as <(zcat papers.jsonl.gz) works too.
                    var (format, head) = await DetectAsync(stream, cancellationToken).ConfigureAwait(false);
                    if (format == ImportFormat.JsonLines)
                    {
                        var reader = new PaperJsonLinesReader(stream, head.Span);
                        return await ImportJsonLinesAsync(reader, stream.CanSeek ? stream.Length : 0, path, progress, cancellationToken).ConfigureAwait(false);
                    }

                    // An empty or unrecognized file: its first bytes are enough to say so.
                    return format == ImportFormat.Unknown
                        ? await ImportAsync(head, path, progress, cancellationToken).ConfigureAwait(false)
                        : await ImportDocumentAsync(stream, head, format, path, progress, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            // Only decompression throws this, here before anything is stored: while detecting the format, or while a
            // Hugging Face or Atom document is read whole before its papers are (JSON Lines catch it themselves).
            return ImportReport.Failed(path, ImportFormat.Unknown, new ImportRefusal(default, $"the gzip file is damaged ({ex.Message.TrimEnd('.')})"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ImportReport.Failed(path, ImportFormat.Unknown, new ImportRefusal(default, $"cannot read the file: {ex.Message}"));
        }
    }

    /// <summary>Whether a seekable file starts with gzip's magic bytes; the file is left at its start.</summary>
    private static async Task<bool> IsGzipAsync(FileStream file, CancellationToken cancellationToken)
    {
        if (!file.CanSeek)
        {
            return false;
        }

        var magic = new byte[2];
        var read = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
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
            progress?.Report(new ImportProgress(source, start + batch.Count, (long)content.Length * (start + batch.Count) / papers.Count, content.Length));
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

    /// <summary>
    /// Parses and stores as it reads, a batch at a time (each batch in its own transaction), so memory stays
    /// flat whatever the file's size. A JSON Lines file has no whole-file failure: a bad line is refused with
    /// its number and the others are stored, as when the file was read whole.
    /// </summary>
    private async Task<ImportReport> ImportJsonLinesAsync(PaperJsonLinesReader reader, long total, string source, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var batch = new List<ParsedPaper>(BatchSize);
        var refused = new List<ImportRefusal>();
        int inserted = 0, updated = 0, unchanged = 0, notListed = 0;
        bool more;
        do
        {
            batch.Clear();
            try
            {
                more = await reader.ReadBatchAsync(batch, refused, BatchSize, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // A damaged gzip file: the lines read whole before the damage are stored (this batch too), as a file
                // cut short would be; the rest is refused as one record, so the import says so and exits 1.
                refused.Add(new ImportRefusal(
                    ImportPosition.AtLine(reader.LinesRead + 1),
                    $"the gzip file is damaged from here on ({ex.Message.TrimEnd('.')}): the rest of the file is not read"));
                more = false;
            }

            if (refused.Count > ListedRefusals)
            {
                notListed += refused.Count - ListedRefusals;
                refused.RemoveRange(ListedRefusals, refused.Count - ListedRefusals);
            }
            if (batch.Count > 0)
            {
                var result = await store.UpsertManyAsync(batch.Select(p => p.Paper), cancellationToken).ConfigureAwait(false);
                inserted += result.Inserted;
                updated += result.Updated;
                unchanged += result.Unchanged;
            }

            progress?.Report(new ImportProgress(source, inserted + updated + unchanged, reader.BytesRead, total));
        }
        while (more);

        Log.Imported(logger, source, ImportFormat.JsonLines, inserted, updated, unchanged, refused.Count + notListed);
        return new ImportReport(source, ImportFormat.JsonLines, inserted, updated, unchanged, refused, null, notListed);
    }

    /// <summary>The format from the first significant byte, and the bytes read to find it.</summary>
    private static async Task<(ImportFormat Format, ReadOnlyMemory<byte> Head)> DetectAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            await head.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            var bytes = head.GetBuffer().AsMemory(0, (int)head.Length);
            var format = ImportFormatDetector.Detect(bytes.Span);
            var onlyWhitespace = bytes.Span.TrimStart((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']).IsEmpty;
            if (format != ImportFormat.Unknown || !onlyWhitespace || read < chunk.Length)
            {
                return (format, bytes);
            }
        }
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
