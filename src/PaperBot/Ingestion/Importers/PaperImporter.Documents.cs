namespace PaperBot.Ingestion.Importers;

/// <summary>Hugging Face daily papers arrays and arXiv Atom feeds, read as streams.</summary>
public sealed partial class PaperImporter
{
    /// <summary>
    /// Imports a whole-document file (a JSON array, an Atom feed) with memory bounded by one record and one
    /// batch, whatever the file's size. Such a file is all or nothing (broken JSON at the end stores nothing), so
    /// it is read twice: a first pass checks it to the end holding nothing, the second stores it in batches.
    /// A pipe cannot be read twice: it is copied to a temporary file first (disk, not memory).
    /// </summary>
    private async Task<ImportReport> ImportDocumentAsync(Stream stream, ReadOnlyMemory<byte> head, ImportFormat format, string source, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var file = stream;
        if (!stream.CanSeek)
        {
            file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await file.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await stream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            file.Position = 0;
            var papers = 0;
            await foreach (var record in Records(format, file, cancellationToken).ConfigureAwait(false))
            {
                if (record.Failure is { } failure)
                {
                    Log.FileRefused(logger, source, failure.ToString());
                    return ImportReport.Failed(source, format, failure);
                }

                papers += record.Paper is null ? 0 : 1;
            }

            file.Position = 0;
            var batch = new List<Papers.Paper>(Math.Min(BatchSize, papers));
            var refused = new List<ImportRefusal>();
            int inserted = 0, updated = 0, unchanged = 0, notListed = 0;
            async Task StoreAsync()
            {
                var result = await store.UpsertManyAsync(batch, cancellationToken).ConfigureAwait(false);
                (inserted, updated, unchanged) = (inserted + result.Inserted, updated + result.Updated, unchanged + result.Unchanged);
                batch.Clear();
                progress?.Report(new ImportProgress(source, inserted + updated + unchanged, file.Position, file.Length));
            }

            await foreach (var record in Records(format, file, cancellationToken).ConfigureAwait(false))
            {
                if (record.Paper is { } paper)
                {
                    batch.Add(paper.Paper);
                    if (batch.Count == BatchSize)
                    {
                        await StoreAsync().ConfigureAwait(false);
                    }
                }
                else if (record.Refused is { } refusal && refused.Count < ListedRefusals)
                {
                    refused.Add(refusal);
                }
                else if (record.Refused is not null)
                {
                    notListed++;
                }
            }

            if (batch.Count > 0)
            {
                await StoreAsync().ConfigureAwait(false);
            }

            Log.Imported(logger, source, format, inserted, updated, unchanged, refused.Count + notListed);
            return new ImportReport(source, format, inserted, updated, unchanged, refused, null, notListed);
        }
        finally
        {
            if (!ReferenceEquals(file, stream))
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static IAsyncEnumerable<ParsedRecord> Records(ImportFormat format, Stream content, CancellationToken cancellationToken) =>
        format == ImportFormat.HuggingFaceDaily
            ? HuggingFaceDailyParser.ReadAsync(content, cancellationToken)
            : ArxivAtomParser.Read(content).ToAsyncEnumerable();
}
