using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;

namespace PaperBot.Storage;

/// <summary>
/// Migrates the database and seeds a brand-new one with the sample papers, in <see cref="StartAsync"/>
/// so that it completes before any later-registered hosted service starts. Register it first.
/// </summary>
public sealed partial class DatabaseInitializer(
    DatabaseMigrator migrator,
    PaperStore store,
    ILogger<DatabaseInitializer> logger,
    SampleVectorSeeder? sampleVectors = null) : IHostedService
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

            var result = await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
            // Only a database created just now is seeded: one a user emptied stays empty.
            if (result.CreatedNew)
            {
                var summary = await store.UpsertManyAsync(SampleData.Load(), cancellationToken).ConfigureAwait(false);
                Log.Seeded(logger, summary.Inserted);
                if (sampleVectors is not null)
                {
                    await sampleVectors.SeedAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            initialized = true;
        }
        finally
        {
            gate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "New database seeded with {Count} sample papers")]
        public static partial void Seeded(ILogger logger, int count);
    }
}
