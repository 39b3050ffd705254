using Microsoft.Extensions.Logging;
using PaperBot.Storage;

namespace PaperBot.Papers;

/// <summary>Puts the embedded sample papers into a database created just now, so a first run has something to search.</summary>
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
