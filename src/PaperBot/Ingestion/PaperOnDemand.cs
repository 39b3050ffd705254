using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Ingestion.Fetching;
using PaperBot.Papers;

namespace PaperBot.Ingestion;

public enum PaperLookupOutcome
{
    /// <summary>The store had it.</summary>
    Stored = 0,

    /// <summary>Fetched from arXiv just now and stored.</summary>
    Fetched = 1,

    /// <summary>arXiv answered and does not know the id.</summary>
    Unknown = 2,

    /// <summary>arXiv could not be asked (network, 5xx after the retries).</summary>
    Unavailable = 3,

    /// <summary>Not in the store, and fetching on demand is off (<c>Ingestion:Arxiv:OnDemand</c>).</summary>
    Off = 4,
}

/// <summary>What became of one id: the paper, when there is one, and how it was found.</summary>
public sealed record PaperLookup(ArxivId Id, Paper? Paper, PaperLookupOutcome Outcome);

/// <summary>
/// Any paper on demand: the store first, then one arXiv API request for every id it lacks (through the
/// ingestion client: the same retries and the same one-request-per-3-s gate), storing what arXiv returns.
/// </summary>
public sealed partial class PaperOnDemand(
    PaperStore papers,
    ArxivPaperFetcher fetcher,
    IOptions<IngestionOptions> options,
    ILogger<PaperOnDemand> logger)
{
    /// <summary>Whether a missing paper is asked of arXiv (<c>Ingestion:Arxiv:OnDemand</c>).</summary>
    public bool CanFetch => options.Value.Arxiv.OnDemand;

    public async Task<PaperLookup> FindAsync(ArxivId id, CancellationToken cancellationToken) =>
        (await FindManyAsync([id], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>One lookup per id, in order.</summary>
    public async Task<IReadOnlyList<PaperLookup>> FindManyAsync(IReadOnlyList<ArxivId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var stored = (await papers.GetManyAsync([.. ids.Select(i => i.Id).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        var missing = ids.Select(i => i.Id).Where(i => !stored.ContainsKey(i)).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyDictionary<string, Paper> fetched = new Dictionary<string, Paper>();
        var outcome = CanFetch ? PaperLookupOutcome.Unknown : PaperLookupOutcome.Off;
        if (missing.Count > 0 && CanFetch)
        {
            try
            {
                fetched = await fetcher.FetchAsync(missing, cancellationToken).ConfigureAwait(false);
                if (fetched.Count > 0)
                {
                    // First seen when arXiv first published it, not now: the digest posts papers first seen since
                    // its last batch, and a 2017 paper someone pasted today is not news.
                    await papers.UpsertManyAsync(fetched.Values.Select(p => p with { FirstSeen = p.FirstSeen ?? FirstPublished(p) }), cancellationToken).ConfigureAwait(false);
                    fetched = (await papers.GetManyAsync([.. fetched.Keys], cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id, StringComparer.Ordinal);
                }

                Log.Fetched(logger, missing.Count, fetched.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.FetchFailed(logger, ex, missing.Count);
                outcome = PaperLookupOutcome.Unavailable;
            }
        }

        return [.. ids.Select(id =>
            stored.TryGetValue(id.Id, out var paper) ? new PaperLookup(id, paper, PaperLookupOutcome.Stored)
            : fetched.TryGetValue(id.Id, out var got) ? new PaperLookup(id, got, PaperLookupOutcome.Fetched)
            : new PaperLookup(id, null, outcome))];
    }

    private static DateTimeOffset? FirstPublished(Paper paper) =>
        paper.Published is { } published ? new DateTimeOffset(published.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 3130, Level = LogLevel.Information, Message = "Asked arXiv for {Asked} papers not in the store; it returned {Found}")]
        public static partial void Fetched(ILogger logger, int asked, int found);

        [LoggerMessage(EventId = 3131, Level = LogLevel.Warning, Message = "Fetching {Asked} papers from arXiv on demand failed")]
        public static partial void FetchFailed(ILogger logger, Exception exception, int asked);
    }
}
