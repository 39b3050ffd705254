using Microsoft.Data.Sqlite;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Storage;

public sealed class DatabaseMigratorTests
{
    [Fact]
    public async Task InitializeAsync_NewDatabase_MigratesAndSeedsTheSamplePapers()
    {
        await using var db = DatabaseFixture.CreateEmpty();

        await db.Initializer.InitializeAsync(CancellationToken.None);

        Assert.Equal(56, await db.Papers.CountAsync(CancellationToken.None));
        Assert.Equal(db.Migrator.LatestVersion, await UserVersionAsync(db));
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task InitializeAsync_Reopened_DoesNotSeedAgain()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        await db.Papers.UpsertAsync(new PaperBot.Papers.Paper { Id = "2405.00001", Title = "Extra" }, CancellationToken.None);

        var reopened = new DatabaseInitializer(db.Migrator, [new SampleDataSeeder(db.Papers, Microsoft.Extensions.Logging.Abstractions.NullLogger<SampleDataSeeder>.Instance)]);
        await reopened.InitializeAsync(CancellationToken.None);

        Assert.Equal(57, await db.Papers.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task InitializeAsync_DatabaseTheUserEmptied_StaysEmpty()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        await ExecuteAsync(db, "DELETE FROM papers");

        var reopened = new DatabaseInitializer(db.Migrator, [new SampleDataSeeder(db.Papers, Microsoft.Extensions.Logging.Abstractions.NullLogger<SampleDataSeeder>.Instance)]);
        await reopened.InitializeAsync(CancellationToken.None);

        Assert.Equal(0, await db.Papers.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_NewerUserVersion_RefusesAndLeavesFileUnchanged()
    {
        await using var db = DatabaseFixture.CreateEmpty();
        await using (var connection = new SqliteConnection($"Data Source={db.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE future (x); PRAGMA user_version = 999;";
            await command.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(db.DatabasePath);

        var error = await Assert.ThrowsAsync<DatabaseOpenException>(() => db.Migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(db.DatabasePath));
        Assert.False(File.Exists(db.DatabasePath + "-wal"));
    }

    [Fact]
    public async Task MigrateAsync_TextFileNamedDb_RefusesAndLeavesFileUnchanged()
    {
        await using var db = DatabaseFixture.CreateEmpty();
        const string text = "these are my notes, not a database\n";
        await File.WriteAllTextAsync(db.DatabasePath, text);
        var before = await File.ReadAllBytesAsync(db.DatabasePath);

        var error = await Assert.ThrowsAsync<DatabaseOpenException>(() => db.Initializer.InitializeAsync(CancellationToken.None));

        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(db.DatabasePath));
    }

    [Fact]
    public async Task MigrateAsync_ShortFile_Refused()
    {
        await using var db = DatabaseFixture.CreateEmpty();
        await File.WriteAllBytesAsync(db.DatabasePath, [0x53, 0x51]);

        await Assert.ThrowsAsync<DatabaseOpenException>(() => db.Migrator.MigrateAsync(CancellationToken.None));
        Assert.Equal(2, new FileInfo(db.DatabasePath).Length);
    }

    [Fact]
    public async Task MigrateAsync_EmptyFile_IsTreatedAsNewDatabase()
    {
        await using var db = DatabaseFixture.CreateEmpty();
        await File.WriteAllBytesAsync(db.DatabasePath, []);

        var result = await db.Migrator.MigrateAsync(CancellationToken.None);

        Assert.True(result.CreatedNew);
        Assert.Equal(db.Migrator.LatestVersion, result.CurrentVersion);
    }

    [Fact]
    public async Task MigrateAsync_CurrentDatabase_AppliesNothing()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);

        var result = await db.Migrator.MigrateAsync(CancellationToken.None);

        Assert.False(result.CreatedNew);
        Assert.Equal(result.PreviousVersion, result.CurrentVersion);
    }

    [Fact]
    public async Task OpenAsync_MissingFolder_IsCreatedWithConnectionPragmas()
    {
        await using var db = DatabaseFixture.CreateEmpty();
        var factory = new SqliteConnectionFactory(Path.Combine(db.Directory, "nested", "deeper", "x.db"));

        await using var connection = await factory.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys; PRAGMA busy_timeout;";
        command.CommandText = "SELECT (SELECT foreign_keys FROM pragma_foreign_keys), (SELECT timeout FROM pragma_busy_timeout)";
        using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt64(0));
        Assert.Equal(5000, reader.GetInt64(1));
        Assert.True(File.Exists(factory.DatabasePath));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_FullTextIndexesBufferSixteenMegabytesPerSegment()
    {
        await using var db = DatabaseFixture.CreateEmpty();

        await db.Initializer.InitializeAsync(CancellationToken.None);

        Assert.Equal(16777216L, Convert.ToInt64(await ScalarAsync(db, "SELECT v FROM papers_fts_config WHERE k = 'hashsize'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(16777216L, Convert.ToInt64(await ScalarAsync(db, "SELECT v FROM papers_title_fts_config WHERE k = 'hashsize'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ok", await ScalarAsync(db, "PRAGMA integrity_check"));
        await ExecuteAsync(db, "INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check'); INSERT INTO papers_title_fts (papers_title_fts) VALUES ('integrity-check');");
    }

    [Fact]
    public void LoadEmbedded_Scripts_AreNumberedFromOneWithoutGaps()
    {
        var scripts = MigrationScript.LoadEmbedded();

        Assert.NotEmpty(scripts);
        Assert.Equal("0001_papers.sql", scripts[0].Name);
        Assert.Equal(Enumerable.Range(1, scripts.Count), scripts.Select(s => s.Number));
    }

    private static async Task<long> UserVersionAsync(DatabaseFixture db) =>
        Convert.ToInt64(await ScalarAsync(db, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<object?> ScalarAsync(DatabaseFixture db, string sql)
    {
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(DatabaseFixture db, string sql)
    {
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
