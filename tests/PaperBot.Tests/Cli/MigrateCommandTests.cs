using Npgsql;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

/// <summary><c>paperbot migrate</c> between a SQLite store and a PostgreSQL database, through the CLI.</summary>
public sealed class MigrateCommandTests
{
    [PostgresFact]
    public async Task Migrate_ToPostgres_CopiesEveryTableWithEqualCountsAndARerunCopiesNothing()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("stats")).ExitCode);
        var papers = await SqliteCountAsync(cli.DatabasePath, "papers");
        var vectors = await SqliteCountAsync(cli.DatabasePath, "paper_vectors");
        Assert.True(papers > 0 && vectors > 0);

        var run = await cli.RunAsync("migrate", "--to", "postgres", "--connection", db.ConnectionString);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"papers: {papers:N0} copied, {papers:N0} in the source, {papers:N0} in the target", run.Out, StringComparison.Ordinal);
        Assert.Contains("counts equal", run.Out, StringComparison.Ordinal);
        Assert.Equal(papers, await PostgresCountAsync(db, "papers"));
        Assert.Equal(vectors, await PostgresCountAsync(db, "paper_vectors"));
        AssertNoSecret(run, db);

        var again = await cli.RunAsync("migrate", "--to", "postgres", "--connection", db.ConnectionString);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"papers: 0 copied, {papers:N0} in the source, {papers:N0} in the target", again.Out, StringComparison.Ordinal);
        Assert.Equal(papers, await PostgresCountAsync(db, "papers"));
    }

    [PostgresFact]
    public async Task Migrate_ToPostgresHoldingAnotherStoresPapers_RefusesAndCopiesNothing()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var first = new CliHarness();
        Assert.Equal(0, (await first.RunAsync("migrate", "--to", "postgres", "--connection", db.ConnectionString)).ExitCode);
        var before = await PostgresCountAsync(db, "papers");
        using var other = new CliHarness();
        await File.WriteAllTextAsync(other.PathOf("one.jsonl"), """{"id":"2405.00001","title":"Another Store's Own Paper"}""" + "\n");
        Assert.Equal(0, (await other.RunAsync("import", other.PathOf("one.jsonl"))).ExitCode);

        var run = await other.RunAsync("migrate", "--to", "postgres", "--connection", db.ConnectionString);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already holds other data", run.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was copied", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await PostgresCountAsync(db, "papers"));
        AssertNoSecret(run, db);
    }

    [PostgresFact]
    public async Task Migrate_ToSqliteFromPostgres_WritesASearchableStoreWithTheSameCounts()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("migrate", "--to", "postgres", "--connection", db.ConnectionString)).ExitCode);
        var back = cli.PathOf("back.db");

        var run = await CliHarness.RunOnAsync(back, "migrate", "--to", "sqlite", "--connection", db.ConnectionString);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(await SqliteCountAsync(cli.DatabasePath, "papers"), await SqliteCountAsync(back, "papers"));
        Assert.Equal(await SqliteCountAsync(cli.DatabasePath, "paper_vectors"), await SqliteCountAsync(back, "paper_vectors"));
        var original = await cli.RunAsync("search", "speculative decoding", "--limit", "5");
        var copied = await CliHarness.RunOnAsync(back, "search", "speculative decoding", "--limit", "5");
        Assert.Equal(0, copied.ExitCode);
        Assert.Equal(original.Out, copied.Out);

        // Into a file that holds data: refused.
        var refused = await CliHarness.RunOnAsync(back, "migrate", "--to", "sqlite", "--connection", db.ConnectionString);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already holds data", refused.Error, StringComparison.Ordinal);
        AssertNoSecret(run, db);
    }

    private static void AssertNoSecret(CliRun run, PostgresTestDatabase db)
    {
        var password = new NpgsqlConnectionStringBuilder(db.ConnectionString).Password;
        Assert.DoesNotContain(db.ConnectionString, run.Out + run.Error, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(password))
        {
            Assert.DoesNotContain(password, run.Out + run.Error, StringComparison.Ordinal);
        }
    }

    private static async Task<long> SqliteCountAsync(string path, string table)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> PostgresCountAsync(PostgresTestDatabase db, string table)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
