using Microsoft.Extensions.Options;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Fetching;

/// <summary>
/// Papers by id from the arXiv API (<c>/api/query?id_list=a,b&amp;max_results=n</c>), through the same
/// resilience and the same one-request-per-3-s gate as the listing. An id arXiv does not know is simply
/// missing from the answer (arXiv returns no entry for it, or an error entry for a malformed one).
/// </summary>
public sealed class ArxivPaperFetcher(HttpClient http, IOptions<IngestionOptions> options)
{
    /// <summary>The papers arXiv returned, keyed by id; unknown ids are absent.</summary>
    public async Task<IReadOnlyDictionary<string, Paper>> FetchAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, Paper>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        var list = string.Join(',', ids.Select(Uri.EscapeDataString));
        var url = SourceUrls.Combine(options.Value.ArxivApiBaseUrl, $"api/query?id_list={list}&max_results={ids.Count}");
        using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);

        // A malformed id gets HTTP 400 with an error feed: nothing arXiv knows, not a failure of ours.
        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            return found;
        }

        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var parsed = ArxivAtomParser.Parse(stream);
            if (parsed.Failure is { } failure)
            {
                // An error feed names a bad id; anything else (broken XML) is a failure worth reporting.
                return failure.Reason.Contains("arXiv API error", StringComparison.Ordinal)
                    ? found
                    : throw new PaperSourceException($"arXiv id_list answer: {failure.Reason} at {failure.Position}.");
            }

            foreach (var paper in parsed.Papers.Select(p => p.Paper).Where(p => ids.Contains(p.Id)))
            {
                found.TryAdd(paper.Id, paper);
            }
        }

        return found;
    }
}
