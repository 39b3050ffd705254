namespace PaperBot.Storage;

/// <summary>Where the paper database lives.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>SQLite file; a relative path is resolved against the working directory.</summary>
    public string DatabasePath { get; set; } = "data/paperbot.db";
}
