using Microsoft.Data.Sqlite;
using PaperBot.Storage;

namespace PaperBot.Tests.Storage;

/// <summary>
/// Every connection the factory hands out has the bot's settings, whether SQLite opened it just now or the pool
/// hands back one opened earlier (which is configured once, not at every open).
/// </summary>
public sealed class SqliteConnectionFactoryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("paperbot-factory-").FullName;

    [Fact]
    public async Task OpenAsync_NewAndPooledConnections_AllHaveTheSettings()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(directory, "nested", "settings.db"));
        try
        {
            // Two at once: the second is a new SQLite connection, not the first one again.
            await using (var first = await connections.OpenAsync(CancellationToken.None))
            await using (var second = await connections.OpenAsync(CancellationToken.None))
            {
                Assert.NotSame(first.Handle, second.Handle);
                await AssertSettingsAsync(first);
                await AssertSettingsAsync(second);
            }

            // Back from the pool: the same SQLite connection, still configured.
            await using var again = await connections.OpenAsync(CancellationToken.None);
            await AssertSettingsAsync(again);

            // After the pool let its connections go, a fresh one is configured again.
            await again.DisposeAsync();
            connections.ClearPool();
            await using var fresh = await connections.OpenAsync(CancellationToken.None);
            await AssertSettingsAsync(fresh);
        }
        finally
        {
            connections.ClearPool();
        }
    }

    private static async Task AssertSettingsAsync(SqliteConnection connection)
    {
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));
        Assert.Equal(5000L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous"));
        Assert.Equal(-65536L, await ScalarAsync(connection, "PRAGMA cache_size"));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(CancellationToken.None))!;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
