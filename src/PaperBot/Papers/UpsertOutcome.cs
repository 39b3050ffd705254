namespace PaperBot.Papers;

/// <summary>What storing one paper did.</summary>
public enum UpsertOutcome
{
    Inserted,
    Updated,
    Unchanged,
}

/// <summary>Counts for a batch stored in one transaction.</summary>
public readonly record struct UpsertSummary(int Inserted, int Updated, int Unchanged)
{
    public int Total => Inserted + Updated + Unchanged;

    internal UpsertSummary Add(UpsertOutcome outcome) => outcome switch
    {
        UpsertOutcome.Inserted => this with { Inserted = Inserted + 1 },
        UpsertOutcome.Updated => this with { Updated = Updated + 1 },
        _ => this with { Unchanged = Unchanged + 1 },
    };
}

/// <summary>A summary of the store for status commands.</summary>
public sealed record StoreStats(
    long PaperCount,
    DateOnly? NewestPublished,
    DateTimeOffset? NewestFirstSeen,
    IReadOnlyDictionary<string, long> PapersPerSource,
    long DatabaseSizeBytes);
