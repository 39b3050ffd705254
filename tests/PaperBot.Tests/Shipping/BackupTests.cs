using Dapper;
using Microsoft.Data.Sqlite;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shipping;

public sealed class BackupTests
{
    private static Paper NewPaper(string id) => new()
    {
        Id = id,
        Version = 1,
        Title = $"Backup paper {id}",
        Abstract = "Written while a backup runs.",
        Authors = ["Ada Lovelace"],
        Published = new DateOnly(2024, 5, 1),
        Categories = ["cs.DB"],
        Sources = ["import"],
    };

    private static async Task<HashSet<string>> IdsInAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT id FROM papers")).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public async Task BackupVerb_SeededStore_WritesCopyAndPrintsPaperCount()
    {
        using var cli = new CliHarness();
        var target = cli.PathOf("copy.db");

        var run = await cli.RunAsync("backup", target);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("56 papers", run.Out, StringComparison.Ordinal);
        Assert.Equal(56, (await IdsInAsync(target)).Count);
    }

    [Fact]
    public async Task BackupVerb_ExistingFile_RefusesWithoutForceAndOverwritesWithForce()
    {
        using var cli = new CliHarness();
        var target = cli.PathOf("copy.db");
        await File.WriteAllTextAsync(target, "not a database");

        var refused = await cli.RunAsync("backup", target);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal("not a database", await File.ReadAllTextAsync(target));

        var forced = await cli.RunAsync("backup", target, "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(56, (await IdsInAsync(target)).Count);
    }

    [Fact]
    public async Task BackupAsync_DuringConcurrentWrites_HoldsEveryPaperCommittedBeforeItStarted()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        var committed = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = $"9999.{i:D5}";
                await db.Papers.UpsertAsync(NewPaper(id), CancellationToken.None);
                committed.Enqueue(id);
            }
        });

        while (committed.Count < 20)
        {
            await Task.Delay(5);
        }

        var before = committed.ToArray();
        var target = Path.Combine(db.Directory, "backup.db");
        var result = await new DatabaseBackup(db.Connections).BackupAsync(target, overwrite: false, CancellationToken.None);
        await stop.CancelAsync();
        await writer;

        var ids = await IdsInAsync(target);
        Console.WriteLine($"committed before backup: {before.Length}, papers in backup: {ids.Count}, written in all: {committed.Count}");
        Assert.All(before, id => Assert.Contains(id, ids));
        Assert.Equal(ids.Count, result.PaperCount);
        Assert.True(ids.Count >= 56 + before.Length);
    }
}
