using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// In the bot and the shell: loads the model and the vectors at start-up rather than at the first search, then
/// embeds papers that have no vector (the sample papers' ship with theirs; ingested and imported ones do not)
/// every <see cref="SemanticOptions.BackfillInterval"/>, and at once when an ingestion run stored papers
/// (<see cref="EmbeddingWake"/>), beside the commands and never in their way: each batch is its own short write.
/// </summary>
internal sealed partial class SemanticBackground(
    PaperEmbedder embedder,
    SemanticIndex index,
    EmbeddingBackfill backfill,
    EmbeddingWake wake,
    TimeProvider timeProvider,
    IOptions<SemanticOptions> options,
    ILogger<SemanticBackground> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!embedder.Enabled)
        {
            return;
        }

        try
        {
            // The model before the vectors: building its session briefly takes about twice the model's size, a peak
            // that stays lower while the vectors (384 MB at a million papers) are not yet in memory.
            await Task.Run(embedder.WarmUp, stoppingToken).ConfigureAwait(false);
            await index.RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WarmUpFailed(logger, ex.GetType().Name, ex.Message);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = timeProvider.GetTimestamp();
                var embedded = await backfill.RunAsync(null, stoppingToken).ConfigureAwait(false);
                if (embedded > 0)
                {
                    Log.Embedded(logger, embedded, timeProvider.GetElapsedTime(started).TotalSeconds);
                }

                // Until the interval has passed or papers were stored (an ingestion run wakes it).
                await wake.WaitAsync(options.Value.BackfillInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.BackfillFailed(logger, ex.GetType().Name, ex.Message);
                await Task.Delay(options.Value.BackfillInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1410, Level = LogLevel.Information, Message = "Embedded {Count} papers in {Seconds:0.0} s")]
        public static partial void Embedded(ILogger logger, long count, double seconds);

        [LoggerMessage(EventId = 1411, Level = LogLevel.Warning, Message = "Embedding new papers failed ({Type}): {Message}")]
        public static partial void BackfillFailed(ILogger logger, string type, string message);

        [LoggerMessage(EventId = 1412, Level = LogLevel.Warning, Message = "Search by meaning is unavailable: loading the model or the vectors failed ({Type}): {Message}")]
        public static partial void WarmUpFailed(ILogger logger, string type, string message);
    }
}
