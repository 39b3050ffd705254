using Microsoft.Extensions.Hosting;
using PaperBot.Storage.Postgres;

namespace PaperBot.Storage;

/// <summary>
/// Migrates the database and has the registered <see cref="IDatabaseSeeder"/>s fill a brand-new one, in <see cref="StartAsync"/>
/// so that it completes before any later-registered hosted service starts. Register it first. With the PostgreSQL
/// provider the shared database is migrated first, then the process's own SQLite file. The seeders put in the sample
/// papers; <paramref name="seed"/> false (<c>Storage:SeedSamples</c>) leaves a new database empty.
/// </summary>
public sealed class DatabaseInitializer(
    DatabaseMigrator migrator,
    IEnumerable<IDatabaseSeeder> seeders,
    PostgresMigrator? postgres = null,
    bool seed = true) : IHostedService
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool initialized;

    public Task StartAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Idempotent; command-line tools that do not start the host call this directly.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initialized)
            {
                return;
            }

            MigrationResult? shared = postgres is null ? null : await postgres.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var result = await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
            // Only a database created just now is seeded: one a user emptied stays empty. With the PostgreSQL
            // provider that is the shared database (a new process's local file is a read model of it).
            if (seed && (shared?.CreatedNew ?? result.CreatedNew))
            {
                foreach (var seeder in seeders)
                {
                    await seeder.SeedNewDatabaseAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            initialized = true;
        }
        finally
        {
            gate.Release();
        }
    }

}
