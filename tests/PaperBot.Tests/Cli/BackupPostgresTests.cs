using System.Diagnostics;
using Npgsql;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

/// <summary><c>paperbot backup</c> with <c>Storage:Provider = postgres</c>, run as an operator runs it: a SQLite copy of the shared state.</summary>
public sealed class BackupPostgresTests
{
    [PostgresFact]
    public async Task Backup_PostgresProvider_WritesTheSharedStateToSqliteThatMigrateRestores()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        using var cli = new CliHarness();
        Assert.Equal(0, (await cli.RunAsync("migrate", "--to", "postgres", "--connection", db.ConnectionString)).ExitCode);
        await ExecuteAsync(db.ConnectionString, """
            INSERT INTO saved_papers (user_id, paper_id, guild_id, channel_id, saved_at, source)
            VALUES (42, '2410.03355', 7, 8, '2026-12-03T10:00:00.0000000Z', 'reaction')
            """);
        var papers = await CountAsync(db.ConnectionString, "papers");
        var backup = cli.PathOf("backups/shared.db");

        var (exit, output) = await RunBackupAsync(cli, db.ConnectionString, backup);

        Assert.True(exit == 0, output);
        Assert.Contains($"backup written to {backup}: {papers:N0} papers", output, StringComparison.Ordinal);
        Assert.Contains("saved_papers: 1 copied, 1 in the source, 1 in the target", output, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(db.ConnectionString).Password ?? db.ConnectionString, output, StringComparison.Ordinal);
        Assert.DoesNotContain(db.ConnectionString, output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(backup)!, "*.partial*"));

        // A restore is migrate --to postgres from the backup, into an empty database.
        await using var restored = await PostgresTestDatabase.CreateAsync();
        var restore = await CliHarness.RunOnAsync(backup, "migrate", "--to", "postgres", "--connection", restored.ConnectionString);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(papers, await CountAsync(restored.ConnectionString, "papers"));
        Assert.Equal(1, await CountAsync(restored.ConnectionString, "saved_papers"));

        // The backup file exists now: refused without --force, and left as it was.
        var length = new FileInfo(backup).Length;
        var (again, refusal) = await RunBackupAsync(cli, db.ConnectionString, backup);
        Assert.NotEqual(0, again);
        Assert.Contains("already exists; pass --force", refusal, StringComparison.Ordinal);
        Assert.Equal(length, new FileInfo(backup).Length);
    }

    private static async Task<(int Exit, string Output)> RunBackupAsync(CliHarness cli, string connectionString, string file)
    {
        // The process's own SQLite file is only its local search index: the backup must come from the shared database.
        var start = PaperbotProcess.StartInfo(cli.Directory, ["--db", cli.PathOf("local-index.db"), "backup", file]);
        start.Environment["Storage__Provider"] = "postgres";
        start.Environment["Storage__ConnectionString"] = connectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
