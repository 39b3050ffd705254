namespace PaperBot.Ingestion.Importers;

/// <summary>
/// One record of a file read as a stream: a paper, a refused record, or the failure that ends the file
/// (after which nothing in the file may be stored). Exactly one of the three is set.
/// </summary>
public sealed record ParsedRecord(ParsedPaper? Paper, ImportRefusal? Refused, ImportRefusal? Failure)
{
    public static ParsedRecord Of(ParsedPaper paper) => new(paper, null, null);

    public static ParsedRecord Refusal(ImportPosition position, string reason) => new(null, new ImportRefusal(position, reason), null);

    public static ParsedRecord Failed(ImportPosition position, string reason) => new(null, null, new ImportRefusal(position, reason));

    /// <summary>Collects a whole stream of records (a bounded page) into one result, all or nothing.</summary>
    public static ParsedImport Collect(ImportFormat format, IEnumerable<ParsedRecord> records)
    {
        var papers = new List<ParsedPaper>();
        var refused = new List<ImportRefusal>();
        foreach (var record in records)
        {
            if (record.Failure is { } failure)
            {
                return new ParsedImport(format, [], [], failure);
            }

            if (record.Paper is { } paper)
            {
                papers.Add(paper);
            }
            else if (record.Refused is { } refusal)
            {
                refused.Add(refusal);
            }
        }

        return new ParsedImport(format, papers, refused, null);
    }
}
