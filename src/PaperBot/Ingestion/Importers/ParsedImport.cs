namespace PaperBot.Ingestion.Importers;

/// <summary>
/// What a parser made of a whole file. <see cref="Failure"/> set means the file as a whole could not
/// be read and nothing in it may be stored, even the records read before the break.
/// </summary>
public sealed record ParsedImport(
    ImportFormat Format,
    IReadOnlyList<ParsedPaper> Papers,
    IReadOnlyList<ImportRefusal> Refused,
    ImportRefusal? Failure)
{
    public static ParsedImport Failed(ImportFormat format, ImportPosition position, string reason) =>
        new(format, [], [], new ImportRefusal(position, reason));
}
