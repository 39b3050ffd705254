namespace PaperBot.Ingestion.Importers;

/// <summary>
/// Where in a file a record or an error sits. Text formats know lines and columns (1-based);
/// JSON arrays only know the item's index (1-based), which is what a user can count to.
/// </summary>
public readonly record struct ImportPosition(int? Line, int? Column, int? Record)
{
    public static ImportPosition AtLine(int line, int? column = null) => new(line, column, null);

    public static ImportPosition AtRecord(int record) => new(null, null, record);

    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Record is { } record)
        {
            parts.Add($"record {record}");
        }

        if (Line is { } line)
        {
            parts.Add(Column is { } column ? $"line {line}, column {column}" : $"line {line}");
        }

        return parts.Count == 0 ? "start of file" : string.Join(", ", parts);
    }
}

/// <summary>One record the importer could not take, and why.</summary>
public sealed record ImportRefusal(ImportPosition Position, string Reason)
{
    public override string ToString() => $"{Position}: {Reason}";
}

/// <summary>A paper read from a file, with where it was read so a store failure can point at it.</summary>
public sealed record ParsedPaper(Papers.Paper Paper, ImportPosition Position);
