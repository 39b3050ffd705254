using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PaperBot.Storage;

/// <summary>
/// Brings the database to the newest embedded schema in one transaction, tracked by
/// <c>PRAGMA user_version</c>. Refuses, without touching the file, anything that is not a SQLite
/// database or that a newer PaperBot has migrated further than this build knows.
/// </summary>
public sealed partial class DatabaseMigrator(SqliteConnectionFactory connectionFactory, ILogger<DatabaseMigrator> logger)
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly IReadOnlyList<MigrationScript> scripts = MigrationScript.LoadEmbedded();

    /// <summary>The schema version this build writes.</summary>
    public int LatestVersion => scripts.Count;

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var path = connectionFactory.DatabasePath;
        await CheckFileBeforeOpeningAsync(path, cancellationToken).ConfigureAwait(false);

        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // Read again through SQLite: a write-ahead log not yet checkpointed can hold a newer header.
                var before = await ReadUserVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
                EnsureKnownVersion(path, before);

                await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
                if (before == LatestVersion)
                {
                    return new MigrationResult(before, before);
                }

                using var transaction = connection.BeginTransaction(deferred: false);
                // Another process may have migrated between the first read and the write lock.
                var current = await ReadUserVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                EnsureKnownVersion(path, current);
                foreach (var script in scripts.Where(s => s.Number > current))
                {
                    await ExecuteAsync(connection, transaction, script.Sql, cancellationToken).ConfigureAwait(false);
                    Log.Applied(logger, script.Name);
                }

                await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {LatestVersion};", cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Log.Migrated(logger, path, current, LatestVersion);
                return new MigrationResult(current, LatestVersion);
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            // SQLITE_NOTADB / SQLITE_CORRUPT: a damaged file, refused before any write happened.
            throw new DatabaseOpenException($"The database file '{path}' is damaged or not a SQLite database: {ex.Message}", ex);
        }
    }

    private async Task CheckFileBeforeOpeningAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new DatabaseOpenException($"'{path}' is a folder, not a database file. Point Storage:DatabasePath (or --db) at a file, e.g. '{Path.Combine(path, "paperbot.db")}'.");
        }

        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            return;
        }

        var header = new byte[100];
        int read;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await using (stream.ConfigureAwait(false))
        {
            read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (read < SqliteHeader.Length || !header.AsSpan(0, SqliteHeader.Length).SequenceEqual(SqliteHeader))
        {
            throw new DatabaseOpenException(
                $"The file '{path}' is not a SQLite database. PaperBot left it untouched; point Storage:DatabasePath at another file or move this one away.");
        }

        if (read >= 64)
        {
            EnsureKnownVersion(path, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(60, 4)));
        }
    }

    private void EnsureKnownVersion(string path, long version)
    {
        if (version > LatestVersion || version < 0)
        {
            throw new DatabaseOpenException(
                $"The database '{path}' has schema version {version}, newer than the {LatestVersion} this PaperBot knows. It was written by a newer PaperBot: upgrade PaperBot or use another Storage:DatabasePath. The file was not modified.");
        }
    }

    private static async Task<long> ReadUserVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Applied migration {Script}")]
        public static partial void Applied(ILogger logger, string script);

        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database {Path} migrated from schema {From} to {To}")]
        public static partial void Migrated(ILogger logger, string path, long from, int to);
    }
}

/// <summary>Schema versions before and after start-up; a version of 0 before means the database was new.</summary>
public readonly record struct MigrationResult(long PreviousVersion, long CurrentVersion)
{
    public bool CreatedNew => PreviousVersion == 0;
}
