using Microsoft.Extensions.Logging;
using PaperBot.Ingestion.Fetching;
using PaperBot.Papers;

namespace PaperBot.Ingestion;

/// <summary>How one source fared in one run.</summary>
public sealed record SourceReport(string Source, bool Enabled, bool Succeeded, int Fetched, int Inserted, int Updated, int Requests, int Refused, string? Error);

public sealed record IngestionReport(DateTimeOffset StartedAt, IReadOnlyList<SourceReport> Sources)
{
    public bool AllSucceeded => Sources.All(s => !s.Enabled || s.Succeeded);
}

/// <summary>
/// One ingestion pass over every enabled source. Each source is fetched and stored on its own: one
/// failing is logged and recorded in app_state, and never stops the others.
/// </summary>
public sealed partial class IngestionRunner(
    IEnumerable<IPaperSource> sources,
    PaperStore papers,
    IngestionStatus status,
    TimeProvider timeProvider,
    ILogger<IngestionRunner> logger)
{
    public async Task<IngestionReport> RunOnceAsync(DateOnly? date, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetUtcNow();
        var reports = new List<SourceReport>();
        foreach (var source in sources)
        {
            if (!source.Enabled)
            {
                reports.Add(new SourceReport(source.Name, false, false, 0, 0, 0, 0, 0, null));
                continue;
            }

            var report = await RunSourceAsync(source, date, cancellationToken).ConfigureAwait(false);
            reports.Add(report);
            await RecordAsync(report, cancellationToken).ConfigureAwait(false);
        }

        return new IngestionReport(startedAt, reports);
    }

    private async Task<SourceReport> RunSourceAsync(IPaperSource source, DateOnly? date, CancellationToken cancellationToken)
    {
        try
        {
            var fetch = await source.FetchAsync(date, cancellationToken).ConfigureAwait(false);
            var summary = fetch.Papers.Count == 0
                ? default
                : await papers.UpsertManyAsync(fetch.Papers, cancellationToken).ConfigureAwait(false);
            Log.SourceDone(logger, source.Name, fetch.Papers.Count, summary.Inserted, summary.Updated, fetch.Requests);
            return new SourceReport(source.Name, true, true, fetch.Papers.Count, summary.Inserted, summary.Updated, fetch.Requests, fetch.Refused, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.SourceFailed(logger, source.Name, ex);
            return new SourceReport(source.Name, true, false, 0, 0, 0, 0, 0, ex.Message);
        }
    }

    private async Task RecordAsync(SourceReport report, CancellationToken cancellationToken)
    {
        try
        {
            await status.RecordAsync(report, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StateFailed(logger, report.Source, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Ingested {Source}: {Fetched} papers fetched, {Inserted} new, {Updated} updated, {Requests} requests")]
        public static partial void SourceDone(ILogger logger, string source, int fetched, int inserted, int updated, int requests);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Ingestion from {Source} failed; other sources continue")]
        public static partial void SourceFailed(ILogger logger, string source, Exception exception);

        [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Could not record the ingestion result of {Source} in app_state")]
        public static partial void StateFailed(ILogger logger, string source, Exception exception);
    }
}
