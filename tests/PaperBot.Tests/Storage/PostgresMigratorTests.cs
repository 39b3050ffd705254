using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Storage;

public sealed class PostgresMigratorTests
{
    [PostgresFact]
    public async Task MigrateAsync_TwoProcessesAtOnce_ApplyTheSchemaOnceAndAgreeOnTheVersion()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var first = new PostgresDatabase(database.ConnectionString);
        await using var second = new PostgresDatabase(database.ConnectionString);
        var a = new PostgresMigrator(first, NullLogger<PostgresMigrator>.Instance);
        var b = new PostgresMigrator(second, NullLogger<PostgresMigrator>.Instance);

        var results = await Task.WhenAll(a.MigrateAsync(CancellationToken.None), b.MigrateAsync(CancellationToken.None));

        Assert.All(results, r => Assert.Equal(a.LatestVersion, r.CurrentVersion));
        Assert.Single(results, r => r.PreviousVersion == 0);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_version", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task MigrateAsync_DatabaseFromANewerBuild_RefusesWithoutChangingIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var shared = new PostgresDatabase(database.ConnectionString);
        var migrator = new PostgresMigrator(shared, NullLogger<PostgresMigrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var bump = new NpgsqlCommand($"UPDATE schema_version SET version = {migrator.LatestVersion + 5}", connection);
            await bump.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<DatabaseOpenException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MigrateAsync_UnreachableServer_ExplainsWithoutTheSecret()
    {
        await using var shared = new PostgresDatabase("Host=127.0.0.1;Port=1;Database=fleet;Username=bot;Password=hunter2-secret;Timeout=2");
        var migrator = new PostgresMigrator(shared, NullLogger<PostgresMigrator>.Instance);

        var error = await Assert.ThrowsAsync<DatabaseOpenException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("'fleet' on 127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
