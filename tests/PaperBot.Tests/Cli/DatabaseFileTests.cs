using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

public sealed class DatabaseFileTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Search_DatabaseIsNotSqlite_Exits1AndLeavesFileUntouched()
    {
        var bytes = "these are my notes, not a database\n"u8.ToArray();
        await File.WriteAllBytesAsync(cli.DatabasePath, bytes);

        var search = await cli.RunAsync("search", "anything");

        Assert.Equal(1, search.ExitCode);
        Assert.Contains(cli.DatabasePath, search.Error);
        Assert.DoesNotContain("   at ", search.Error);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(cli.DatabasePath));
    }

    [Fact]
    public async Task Stats_DatabaseFromNewerPaperBot_Exits1AndLeavesFileUntouched()
    {
        await cli.RunAsync("stats");
        // A real run ends with its process, which closes the file; in process, the run's pooled connections
        // would keep it open in WAL mode, and leaving WAL below would wait on them.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={cli.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; PRAGMA user_version = 9999;";
            await command.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(cli.DatabasePath);

        var stats = await cli.RunAsync("stats");

        Assert.Equal(1, stats.ExitCode);
        Assert.Contains("newer", stats.Error);
        Assert.Equal(before, await File.ReadAllBytesAsync(cli.DatabasePath));
    }
}
