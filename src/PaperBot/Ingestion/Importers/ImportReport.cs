namespace PaperBot.Ingestion.Importers;

/// <summary>
/// The outcome of importing one file. A set <see cref="Failure"/> means the file could not be read as a
/// whole and nothing from it was stored; <see cref="Refused"/> lists single records that were skipped
/// while the rest were stored: the first <see cref="PaperImporter.ListedRefusals"/> of them, with
/// <see cref="RefusedNotListed"/> counting the others, so a file of bad lines cannot fill memory.
/// </summary>
public sealed record ImportReport(
    string Source,
    ImportFormat Format,
    int Inserted,
    int Updated,
    int Unchanged,
    IReadOnlyList<ImportRefusal> Refused,
    ImportRefusal? Failure,
    int RefusedNotListed = 0)
{
    public int Stored => Inserted + Updated + Unchanged;

    /// <summary>Every refused record, listed or not.</summary>
    public int RefusedCount => Refused.Count + RefusedNotListed;

    public static ImportReport Failed(string source, ImportFormat format, ImportRefusal failure) =>
        new(source, format, 0, 0, 0, [], failure);
}

/// <summary>
/// How far a long import has got, for a progress line on an interactive terminal: papers stored so far and
/// how much of the file has been read (a streamed file's paper count is only known at its end).
/// </summary>
public readonly record struct ImportProgress(string Source, int Stored, long BytesRead, long BytesTotal)
{
    public int Percent => BytesTotal <= 0 ? 100 : (int)Math.Min(100, BytesRead * 100 / BytesTotal);
}
