namespace PaperBot.Storage;

/// <summary>Which database engine holds the bot's shared state.</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file holds everything: the embedded default.</summary>
    Sqlite,

    /// <summary>
    /// A PostgreSQL database shared by every process of a fleet holds the state; each process keeps its search
    /// index in its own SQLite file (<see cref="StorageOptions.DatabasePath"/>).
    /// </summary>
    Postgres,
}

/// <summary>Where the paper database lives.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite file; a relative path is resolved against the working directory.</summary>
    public string DatabasePath { get; set; } = "data/paperbot.db";

    /// <summary>
    /// The PostgreSQL connection string (Npgsql's <c>Host=…;Database=…;Username=…;Password=…</c>) when
    /// <see cref="Provider"/> is <c>postgres</c>; a secret, never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether a database created just now gets the sample papers (and their vectors), so that a first run has
    /// something to search. False creates it empty: a store for a corpus of one's own, without 56 samples among it.
    /// </summary>
    public bool SeedSamples { get; set; } = true;
}
