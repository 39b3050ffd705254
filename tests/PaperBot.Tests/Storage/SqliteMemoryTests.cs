using Microsoft.Data.Sqlite;
using PaperBot.Storage;

namespace PaperBot.Tests.Storage;

/// <summary>
/// SQLite's page caches are bounded for the whole process, not per connection: a pool of connections that have each
/// read a large store does not keep a full cache apiece.
/// </summary>
public sealed class SqliteMemoryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("paperbot-memory-").FullName;

    [Fact]
    public async Task OpenAsync_EightConnectionsEachReadingFortyMegabytes_KeepSqliteNearItsProcessLimit()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(directory, "memory.db"));
        await using (var writer = await connections.OpenAsync(CancellationToken.None))
        {
            await using var fill = writer.CreateCommand();
            fill.CommandText = """
                CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
                INSERT INTO blobs (id, data) SELECT i, randomblob(4000) FROM n;
                """;
            await fill.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var open = new List<SqliteConnection>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var connection = await connections.OpenAsync(CancellationToken.None);
                open.Add(connection);
                await using var read = connection.CreateCommand();
                read.CommandText = "SELECT sum(length(data)) FROM blobs";
                Assert.Equal(40_000_000L, (long)(await read.ExecuteScalarAsync(CancellationToken.None))!);
            }

            // Each connection alone may cache all 40 MB (cache_size is 64 MB); eight of them would hold 320 MB. The
            // process-wide limit takes pages back from the idle ones (other tests' connections share the same budget).
            var cached = open.Sum(CacheBytes);
            Assert.InRange(cached, 1, SqliteConnectionFactory.SoftHeapLimitBytes + (4L << 20));
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }

            connections.ClearPool();
        }
    }

    private static long CacheBytes(SqliteConnection connection)
    {
        const int CacheUsed = 1; // SQLITE_DBSTATUS_CACHE_USED: this connection's page cache, in bytes
        Assert.Equal(0, SQLitePCL.raw.sqlite3_db_status(connection.Handle, CacheUsed, out var current, out _, 0));
        return current;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
