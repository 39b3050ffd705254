using System.Globalization;
using PaperBot.Storage;

namespace PaperBot.Ingestion;

/// <summary>What one source's last ingestion run did; <see cref="LastRun"/> is null when it never ran.</summary>
/// <param name="LastRunText">The stored time as written, for a value that does not read as a time.</param>
public sealed record IngestionSourceStatus(string Source, DateTimeOffset? LastRun, string? LastRunText, string? LastResult);

/// <summary>
/// Each source's last run, kept in <c>app_state</c> under keys only this class knows
/// (<c>ingest.&lt;source&gt;.last_run|last_result|last_success</c>): the runner records, <c>/paperbot status</c> reads.
/// </summary>
public sealed class IngestionStatus(AppStateStore appState, TimeProvider timeProvider)
{
    /// <summary>The sources a status lists, in order, whether or not they are enabled.</summary>
    public static readonly IReadOnlyList<string> Sources = ["huggingface", "arxiv"];

    private const string KeyPrefix = "ingest.";

    public async Task RecordAsync(SourceReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = timeProvider.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var result = report.Succeeded
            ? string.Create(CultureInfo.InvariantCulture, $"ok: {report.Fetched} fetched, {report.Inserted} new, {report.Updated} updated")
            : $"failed: {report.Error}";
        await appState.SetAsync($"{KeyPrefix}{report.Source}.last_run", now, cancellationToken).ConfigureAwait(false);
        await appState.SetAsync($"{KeyPrefix}{report.Source}.last_result", result, cancellationToken).ConfigureAwait(false);
        if (report.Succeeded)
        {
            await appState.SetAsync($"{KeyPrefix}{report.Source}.last_success", now, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<IngestionSourceStatus>> GetAsync(CancellationToken cancellationToken)
    {
        var statuses = new List<IngestionSourceStatus>(Sources.Count);
        foreach (var source in Sources)
        {
            var lastRun = await appState.GetAsync($"{KeyPrefix}{source}.last_run", cancellationToken).ConfigureAwait(false);
            var result = await appState.GetAsync($"{KeyPrefix}{source}.last_result", cancellationToken).ConfigureAwait(false);
            DateTimeOffset? at = lastRun is not null && DateTimeOffset.TryParse(lastRun, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                ? parsed
                : null;
            statuses.Add(new IngestionSourceStatus(source, at, lastRun, result));
        }

        return statuses;
    }
}
