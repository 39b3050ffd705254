using Microsoft.Extensions.Logging;
using PaperBot.Papers.Shared;
using PaperBot.Storage;

namespace PaperBot.Papers;

/// <summary>Puts the embedded sample papers into a database created just now, so a first run has something to search.</summary>
public sealed partial class SampleDataSeeder(PaperStore store, ILogger<SampleDataSeeder> logger, PaperSharing? sharing = null) : IDatabaseSeeder
{
    public async Task SeedNewDatabaseAsync(CancellationToken cancellationToken)
    {
        // With shared papers a new local file is a read model to build, not a store to fill: the fleet's papers
        // come from the shared database (paperbot migrate, ingestion, imports).
        if (sharing is { Enabled: true })
        {
            return;
        }

        var summary = await store.UpsertManyAsync(SampleData.Load(), cancellationToken).ConfigureAwait(false);
        Log.Seeded(logger, summary.Inserted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "New database seeded with {Count} sample papers")]
        public static partial void Seeded(ILogger logger, int count);
    }
}
