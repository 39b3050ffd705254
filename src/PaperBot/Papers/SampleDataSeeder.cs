using Microsoft.Extensions.Logging;
using PaperBot.Storage;

namespace PaperBot.Papers;

/// <summary>
/// Puts the embedded sample papers into a database created just now, so a first run has something to search: the
/// SQLite file in the embedded mode, the shared PostgreSQL database when a fleet creates it (through the shared
/// writer, so every process's read model gets them).
/// </summary>
public sealed partial class SampleDataSeeder(PaperStore store, ILogger<SampleDataSeeder> logger) : IDatabaseSeeder
{
    public async Task SeedNewDatabaseAsync(CancellationToken cancellationToken)
    {
        var summary = await store.UpsertManyAsync(SampleData.Load(), cancellationToken).ConfigureAwait(false);
        Log.Seeded(logger, summary.Inserted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "New database seeded with {Count} sample papers")]
        public static partial void Seeded(ILogger logger, int count);
    }
}
