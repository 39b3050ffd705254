using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Observability;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Ingestion;

/// <summary>Runs <see cref="IngestionRunner"/> every <see cref="IngestionOptions.Interval"/>, each run in its own scope; a failed run is logged, never fatal.</summary>
public sealed partial class IngestionService(
    IServiceScopeFactory scopes,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.HuggingFace.Enabled && !settings.Arxiv.Enabled)
        {
            Log.NothingEnabled(logger);
            return;
        }

        try
        {
            if (!settings.RunOnStart)
            {
                await Task.Delay(settings.Interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var scope = scopes.CreateAsyncScope();
                    await using (scope.ConfigureAwait(false))
                    {
                        var gate = scope.ServiceProvider.GetRequiredService<IngestionPassGate>();
                        await gate.RunAsync(settings.Interval, token => PassAsync(scope.ServiceProvider, token), stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.RunFailed(logger, ex);
                }

                await Task.Delay(settings.Interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private static async Task PassAsync(IServiceProvider services, CancellationToken stoppingToken)
    {
        var report = await services.GetRequiredService<IngestionRunner>().RunOnceAsync(null, stoppingToken).ConfigureAwait(false);
        CountIngested(services.GetService<PaperBotMetrics>(), report);
        if (report.Sources.Any(s => s.Inserted + s.Updated > 0))
        {
            // New and changed papers have no vector yet: the background embedding takes them now, not at its next look.
            services.GetService<EmbeddingWake>()?.Notify();
            // New papers change the search index's word counts: recount the frequent ones now.
            await services.GetRequiredService<PaperSearch>().PrepareWordCountsAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts the papers each source stored (new ones; updates of known papers are not counted).</summary>
    private static void CountIngested(PaperBotMetrics? metrics, IngestionReport report)
    {
        foreach (var source in report.Sources.Where(s => s.Inserted > 0))
        {
            metrics?.PapersIngested(source.Source, source.Inserted);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3111, Level = LogLevel.Error, Message = "Ingestion run failed; the next one runs after the interval")]
        public static partial void RunFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "Ingestion service idle: every source is disabled")]
        public static partial void NothingEnabled(ILogger logger);
    }
}
