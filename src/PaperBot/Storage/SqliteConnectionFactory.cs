using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace PaperBot.Storage;

/// <summary>Opens configured connections to the paper database.</summary>
public sealed class SqliteConnectionFactory
{
    // Per-connection settings; journal_mode=WAL is persistent and set once by the migrator, after it has
    // checked that the file is ours (switching the journal mode rewrites the file header).
    // soft_heap_limit is process-wide: each pooled connection may cache up to 64 MB of pages, but all of SQLite
    // together stays near SoftHeapLimitBytes, taking pages back from idle connections first. Without it a pool of
    // idle connections keeps a full cache apiece (four connections that had read a 200k store held 265 MB). The
    // limit counts FTS5's query buffers too, and at 64 MB a 1M-paper hybrid search spent its time giving pages
    // back (p50 115 -> 182 ms for 869 -> 798 MB, docs/benchmarks.md), so it is set where one search's working set
    // fits and only a crowd of idle connections is cut.
    private static readonly string ConnectionPragmas = $"""
        PRAGMA busy_timeout = 5000;
        PRAGMA foreign_keys = ON;
        PRAGMA synchronous = NORMAL;
        PRAGMA cache_size = -{CacheKiB};
        PRAGMA soft_heap_limit = {SoftHeapLimitBytes};
        """;

    /// <summary>Each connection's page cache, in KiB (the <c>cache_size</c> pragma above, negated).</summary>
    public const int CacheKiB = 65_536;

    /// <summary>How much memory SQLite as a whole may keep for caches in this process (see the pragmas above).</summary>
    public const long SoftHeapLimitBytes = 256L * 1024 * 1024;

    // The SQLite handles (pooled connections live on across opens) that have had the pragmas above: a handle keeps
    // its settings, so a reused one needs none. Weak: a handle the pool closes is forgotten with it.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

    private readonly string connectionString;
    private volatile bool directoryMade;

    public SqliteConnectionFactory(IOptions<StorageOptions> options)
        : this(options.Value.DatabasePath)
    {
    }

    public SqliteConnectionFactory(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    /// <summary>Absolute path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Closes idle pooled connections to this file, so it can be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!directoryMade)
        {
            var directory = Path.GetDirectoryName(DatabasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            directoryMade = true;
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
            {
                using var command = connection.CreateCommand();
                command.CommandText = ConnectionPragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Configured.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
