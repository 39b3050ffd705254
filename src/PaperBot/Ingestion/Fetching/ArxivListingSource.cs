using System.Globalization;
using Microsoft.Extensions.Options;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Fetching;

/// <summary>
/// arXiv by category through the export API, newest submissions first:
/// <c>/api/query?search_query=cat:A OR cat:B&amp;sortBy=submittedDate&amp;sortOrder=descending&amp;start=&amp;max_results=</c>.
/// A category query returns the papers listed in it, primary or cross-listed, so both "new" and
/// "cross" announcements come in. An empty answer (weekends, holidays) is normal.
/// Parsing is <see cref="ArxivAtomParser"/>'s.
/// </summary>
public sealed class ArxivListingSource(HttpClient http, IOptions<IngestionOptions> options, TimeProvider timeProvider) : IPaperSource
{
    public const string SourceName = ArxivAtomParser.SourceName;

    public string Name => SourceName;

    public bool Enabled => options.Value.Arxiv.Enabled;

    public async Task<SourceFetch> FetchAsync(DateOnly? date, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var query = BuildQuery(settings.EffectiveCategories, date);

        // With a date the query itself bounds the results; otherwise page back to the lookback cutoff.
        DateOnly? cutoff = date is null
            ? DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime).AddDays(-settings.Arxiv.LookbackDays)
            : null;
        var pageSize = settings.Arxiv.PageSize;
        var papers = new Dictionary<string, Paper>(StringComparer.Ordinal);
        var requests = 0;
        var refused = 0;
        for (var start = 0; start < settings.Arxiv.MaxResults; start += pageSize)
        {
            var url = SourceUrls.Combine(
                settings.ArxivApiBaseUrl,
                string.Create(CultureInfo.InvariantCulture, $"api/query?search_query={query}&sortBy=submittedDate&sortOrder=descending&start={start}&max_results={pageSize}"));
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            requests++;
            response.EnsureSuccessStatusCode();
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var parsed = ArxivAtomParser.Parse(stream);
                if (parsed.Failure is { } failure)
                {
                    throw new PaperSourceException($"arXiv listing at start={start}: {failure.Reason} at {failure.Position}.");
                }

                refused += parsed.Refused.Count;
                var reachedCutoff = false;
                foreach (var paper in parsed.Papers.Select(p => p.Paper))
                {
                    if (cutoff is { } c && paper.Published is { } published && published < c)
                    {
                        reachedCutoff = true;
                        continue;
                    }

                    papers.TryAdd(paper.Id, paper);
                }

                if (reachedCutoff || parsed.Papers.Count + parsed.Refused.Count < pageSize)
                {
                    break;
                }
            }
        }

        return new SourceFetch([.. papers.Values], requests, refused);
    }

    /// <summary>The escaped <c>search_query</c> value: the categories OR-ed, optionally limited to one submission date.</summary>
    public static string BuildQuery(IReadOnlyList<string> categories, DateOnly? date)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var query = string.Join(" OR ", categories.Select(c => $"cat:{c}"));
        if (date is { } d)
        {
            query = string.Create(CultureInfo.InvariantCulture, $"({query}) AND submittedDate:[{d:yyyyMMdd}0000 TO {d:yyyyMMdd}2359]");
        }

        return Uri.EscapeDataString(query);
    }
}
