namespace PaperBot.Library;

/// <summary>Where a save came from (<c>saved_papers.source</c>).</summary>
public static class SaveSources
{
    public const string Reaction = "reaction";
    public const string Command = "command";
}

/// <summary>One row of a user's library.</summary>
public sealed record SavedPaper(string PaperId, DateTimeOffset SavedAt, string Source);

/// <summary>A paper and how many people saved it (team views).</summary>
public sealed record PaperSaveCount(string PaperId, int Count);
