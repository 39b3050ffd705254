using Microsoft.Data.Sqlite;

namespace PaperBot.Storage;

/// <summary>What <see cref="DatabaseBackup.BackupAsync"/> wrote.</summary>
public sealed record BackupResult(string Path, long PaperCount, long SizeBytes);

/// <summary>
/// Copies the live database with SQLite's online backup API: it reads a consistent snapshot while the bot
/// keeps writing, which a plain file copy of a WAL database cannot promise.
/// </summary>
public sealed class DatabaseBackup(SqliteConnectionFactory connections)
{
    private const string CountPapersSql = "SELECT COUNT(*) FROM papers";

    /// <summary>Writes a backup to <paramref name="destinationPath"/>.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public async Task<BackupResult> BackupAsync(string destinationPath, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        var destination = Path.GetFullPath(destinationPath);
        if (string.Equals(destination, connections.DatabasePath, StringComparison.Ordinal))
        {
            throw new IOException($"{destination} is the live database; choose another file.");
        }

        if (Directory.Exists(destination))
        {
            throw new IOException($"{destination} is a folder; name the backup file, e.g. {Path.Combine(destination, "paperbot-backup.db")}.");
        }

        if (File.Exists(destination) && !overwrite)
        {
            throw new IOException($"{destination} already exists; pass --force to overwrite it.");
        }

        var directory = Path.GetDirectoryName(destination);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        if (File.Exists(destination))
        {
            File.Delete(destination);
        }

        // Pooling off: the backup file must be closed for real when we return, so callers can move it.
        var target = new SqliteConnectionStringBuilder { DataSource = destination, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        var source = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var copy = new SqliteConnection(target);
            await using (copy.ConfigureAwait(false))
            {
                await copy.OpenAsync(cancellationToken).ConfigureAwait(false);
                source.BackupDatabase(copy);
                cancellationToken.ThrowIfCancellationRequested();

                using var command = copy.CreateCommand();
                command.CommandText = CountPapersSql;
                var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                await copy.CloseAsync().ConfigureAwait(false);
                return new BackupResult(destination, count, new FileInfo(destination).Length);
            }
        }
    }
}
