namespace PaperBot.Storage;

/// <summary>
/// The database file cannot be used by this build: it is not a SQLite database, or it was written by a
/// newer PaperBot. The file is left exactly as it was.
/// </summary>
public sealed class DatabaseOpenException : Exception
{
    public DatabaseOpenException()
    {
    }

    public DatabaseOpenException(string message)
        : base(message)
    {
    }

    public DatabaseOpenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
