using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Benchmarks.Harness;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Benchmarks.Search;

/// <summary>
/// For common-word queries: how many of the top 10 papers each method shares with exact BM25 over every match
/// (a search whose candidate limit is the whole store, so no query is "common"), the window of newest matches
/// (before the word lists) against the lists, with each method's latency on the same queries.
/// </summary>
internal static class CommonOverlap
{
    public static async Task MeasureAsync(
        SqliteConnectionFactory connections, IReadOnlyList<(string Name, Func<Random, string> Make)> kinds, Random random, int queries, Table table, CancellationToken ct)
    {
        var lists = Create(connections, new SearchOptions(), fromLists: true);
        var window = Create(connections, new SearchOptions(), fromLists: false);
        var exact = Create(connections, new SearchOptions { CandidateLimit = 100_000_000 }, fromLists: true);
        foreach (var (name, make) in kinds)
        {
            var measured = Enumerable.Range(0, queries).Select(_ => make(random)).ToList();
            var truth = new Dictionary<string, IReadOnlyList<string>>();
            var exactLatency = await Latencies.MeasureAsync([], measured, async q => truth[q] = await TopAsync(exact, q, ct));
            var listsOverlap = new List<double>();
            var windowOverlap = new List<double>();
            var listsLatency = await Latencies.MeasureAsync(measured, measured, async q => listsOverlap.Add(Overlap(truth[q], await TopAsync(lists, q, ct))));
            var windowLatency = await Latencies.MeasureAsync(measured, measured, async q => windowOverlap.Add(Overlap(truth[q], await TopAsync(window, q, ct))));
            table.Add($"{name}: top-10 overlap with exact BM25 ({queries} queries)", $"window {windowOverlap.Average():0.00}", $"lists {listsOverlap.Average():0.00}", $"min: window {windowOverlap.Min():0.0}, lists {listsOverlap.Min():0.0}");
            table.Add($"{name}: p50 / p99 exact BM25, window, lists", $"exact {exactLatency.P50} / {exactLatency.P99}", $"window {windowLatency.P50} / {windowLatency.P99}", $"lists {listsLatency.P50} / {listsLatency.P99}");
        }
    }

    private static PaperSearch Create(SqliteConnectionFactory connections, SearchOptions options, bool fromLists) =>
        new(connections, TimeProvider.System, Options.Create(options), NullLogger<PaperSearch>.Instance) { RankCommonFromLists = fromLists };

    private static async Task<IReadOnlyList<string>> TopAsync(PaperSearch search, string query, CancellationToken ct)
    {
        var results = await search.SearchAsync(new SearchRequest(query, Limit: 10), ct);
        return [.. results.Hits.Select(h => h.Paper.Id)];
    }

    private static double Overlap(IReadOnlyList<string> truth, IReadOnlyList<string> found) =>
        truth.Count == 0 ? 1.0 : (double)truth.Intersect(found).Count() / truth.Count;
}
