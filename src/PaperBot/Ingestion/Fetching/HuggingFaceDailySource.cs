using System.Globalization;
using Microsoft.Extensions.Options;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Fetching;

/// <summary>
/// Hugging Face Daily Papers: <c>GET /api/daily_papers?date=YYYY-MM-DD&amp;p=N&amp;limit=M</c>, pages
/// numbered from 0, read until a page comes back short. Parsing is <see cref="HuggingFaceDailyParser"/>'s.
/// </summary>
public sealed class HuggingFaceDailySource(HttpClient http, IOptions<IngestionOptions> options, TimeProvider timeProvider) : IPaperSource
{
    public const string SourceName = HuggingFaceDailyParser.SourceName;

    public string Name => SourceName;

    public bool Enabled => options.Value.HuggingFace.Enabled;

    public async Task<SourceFetch> FetchAsync(DateOnly? date, CancellationToken cancellationToken)
    {
        // A scheduled run also re-reads yesterday: papers get added to a day late, and upvotes move.
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        DateOnly[] dates = date is { } d ? [d] : [today, today.AddDays(-1)];
        var papers = new Dictionary<string, Paper>(StringComparer.Ordinal);
        var requests = 0;
        var refused = 0;
        foreach (var day in dates)
        {
            var (dayPapers, dayRequests, dayRefused) = await FetchDayAsync(day, cancellationToken).ConfigureAwait(false);
            requests += dayRequests;
            refused += dayRefused;
            foreach (var paper in dayPapers)
            {
                papers.TryAdd(paper.Id, paper);
            }
        }

        return new SourceFetch([.. papers.Values], requests, refused);
    }

    private async Task<SourceFetch> FetchDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pageSize = settings.HuggingFace.PageSize;
        var papers = new List<Paper>();
        var refused = 0;
        var requests = 0;
        string? previousFirst = null;
        for (var page = 0; page < settings.HuggingFace.MaxPages; page++)
        {
            var url = SourceUrls.Combine(
                settings.HuggingFaceBaseUrl,
                string.Create(CultureInfo.InvariantCulture, $"api/daily_papers?date={day:yyyy-MM-dd}&p={page}&limit={pageSize}"));
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            requests++;
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            ParsedImport parsed;
            await using (body.ConfigureAwait(false))
            {
                parsed = await HuggingFaceDailyParser.ParseAsync(body, cancellationToken).ConfigureAwait(false);
            }
            if (parsed.Failure is { } failure)
            {
                throw new PaperSourceException($"Hugging Face daily papers for {day:yyyy-MM-dd}, page {page}: {failure.Reason} at {failure.Position}.");
            }

            var items = parsed.Papers.Count + parsed.Refused.Count;
            var first = parsed.Papers.Count > 0 ? parsed.Papers[0].Paper.Id : null;

            // A server that ignores `p` would hand back page 0 forever; stop rather than loop to MaxPages.
            if (first is not null && first == previousFirst)
            {
                break;
            }

            previousFirst = first;
            papers.AddRange(parsed.Papers.Select(p => p.Paper));
            refused += parsed.Refused.Count;
            if (items < pageSize)
            {
                break;
            }
        }

        return new SourceFetch(papers, requests, refused);
    }
}
