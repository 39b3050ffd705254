using Microsoft.Data.Sqlite;
using PaperBot.Papers.Search;

namespace PaperBot.Papers.Semantic;

public sealed partial class HybridSearch
{
    /// <summary>What a page of fused results is made from: the query, its any-words form, and each ranking's papers.</summary>
    private sealed record PageSources(
        SearchQuery Query, SearchQuery? Relaxed, IReadOnlyList<Nearest> Nearest, IReadOnlyList<RankedPaper> Lexical, IReadOnlyList<RankedPaper> AnyWords);

    /// <summary>
    /// The page of the fused ranking: papers found by meaning only are checked by row id, the order is applied, and
    /// only the page's papers are read whole, with snippets, each highlighting what found it (every word, some of the
    /// words, or whichever words a paper found by meaning holds).
    /// </summary>
    private async Task<SearchResults> PageAsync(
        PageSources sources, SearchSort sort, int offset, int limit, IReadOnlyList<FusedCandidate> fused, long total, bool estimate, bool noPaperHasEveryWord, CancellationToken cancellationToken)
    {
        var similarity = sources.Nearest.ToDictionary(n => n.Id, n => (double)n.Similarity, StringComparer.Ordinal);
        var found = new Dictionary<string, Found>(StringComparer.Ordinal);
        foreach (var paper in sources.Lexical)
        {
            found.TryAdd(paper.Id, new Found(paper.Seq, paper.Id, paper.Score, Source.Lexical));
        }

        foreach (var paper in sources.AnyWords)
        {
            found.TryAdd(paper.Id, new Found(paper.Seq, paper.Id, paper.Score, Source.AnyWords));
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var seqs = sources.Nearest.ToDictionary(n => n.Id, n => n.Seq, StringComparer.Ordinal);
            var missing = fused.Select(c => c.Id).Where(id => !found.ContainsKey(id) && seqs.ContainsKey(id)).Select(id => seqs[id]).ToArray();
            foreach (var (seq, id) in await PaperSearch.LoadIdsAsync(connection, missing, cancellationToken).ConfigureAwait(false))
            {
                found.TryAdd(id, new Found(seq, id, 0, Source.Meaning));
            }

            var ordered = fused.Where(c => found.ContainsKey(c.Id)).ToList();
            if (sort != SearchSort.Relevance)
            {
                // Sorted by date or upvotes, every candidate's key is needed: the keys are read, the papers only for the page.
                var keys = await PaperSearch.LoadSortKeysAsync(connection, [.. ordered.Select(c => found[c.Id].Seq)], cancellationToken).ConfigureAwait(false);
                ordered = [.. ordered.Where(c => keys.ContainsKey(found[c.Id].Seq))];
                ordered = sort == SearchSort.Upvotes
                    ? [.. ordered.OrderByDescending(c => keys[found[c.Id].Seq].Upvotes ?? -1).ThenByDescending(c => c.Score)]
                    : [.. ordered.OrderByDescending(c => keys[found[c.Id].Seq].Published ?? DateOnly.MinValue).ThenByDescending(c => c.Score)];
            }

            var page = ordered.Skip(offset).Take(limit).ToArray();
            var shown = await ReadPageAsync(connection, sources, [.. page.Select(c => found[c.Id])], cancellationToken).ConfigureAwait(false);
            var hits = page.Where(c => shown.ContainsKey(c.Id)).Select(c =>
            {
                var (paper, snippet) = shown[c.Id];
                return new SearchHit(paper, c.Score, snippet)
                {
                    Lexical = c.LexicalRank is null ? null : found[c.Id].Score,
                    Semantic = similarity.TryGetValue(c.Id, out var s) ? s : null,
                };
            }).ToArray();
            return new SearchResults
            {
                Hits = hits,
                TotalCount = Math.Max(total, offset + hits.Length),
                TotalCountIsEstimate = estimate,
                SortedBy = sort,
                NoPaperHasEveryWord = noPaperHasEveryWord,
            };
        }
    }

    /// <summary>
    /// The page's papers, read whole, and their snippets: those with every word highlight the query, those with some
    /// of its words the any-words query, and those found by meaning whichever query words they hold, else the
    /// abstract's start. A paper gone from the store since it was ranked is left out.
    /// </summary>
    private static async Task<Dictionary<string, (Paper Paper, string Snippet)>> ReadPageAsync(
        SqliteConnection connection, PageSources sources, IReadOnlyList<Found> papers, CancellationToken cancellationToken)
    {
        var shown = new Dictionary<string, (Paper Paper, string Snippet)>(StringComparer.Ordinal);
        // Without stop words: "the" or "how" highlighted says nothing, and their doclists are the longest to seek in.
        var anyWord = sources.Query.PositiveTerms.Where(t => t.Field == SearchField.Any && !SemanticStopWords.Contains(t.Text)).Select(t => t.ToFts()).ToArray();
        foreach (var group in papers.GroupBy(p => p.Source))
        {
            var match = group.Key switch
            {
                Source.Lexical => sources.Query.MatchExpression,
                Source.AnyWords => sources.Relaxed?.MatchExpression,
                _ => anyWord.Length > 0 ? string.Join(" OR ", anyWord) : null,
            };
            if (match is null)
            {
                continue;
            }

            try
            {
                var ranked = group.Select(p => (p.Seq, 0.0)).ToArray();
                foreach (var hit in await PaperSearch.LoadHitsAsync(connection, match, ranked, cancellationToken).ConfigureAwait(false))
                {
                    shown[hit.Paper.Id] = (hit.Paper, hit.Snippet);
                }
            }
            catch (SqliteException)
            {
                // Only the highlighting failed; the plain snippets below stand in.
            }
        }

        var rest = papers.Where(p => !shown.ContainsKey(p.Id)).Select(p => p.Seq).ToArray();
        var read = await PaperSearch.LoadPapersAsync(connection, rest, cancellationToken).ConfigureAwait(false);
        foreach (var found in papers)
        {
            if (!shown.ContainsKey(found.Id) && read.TryGetValue(found.Seq, out var paper))
            {
                shown[found.Id] = (paper, SnippetFormatter.Plain(paper.Abstract.Length > 0 ? paper.Abstract : paper.Title, PlainSnippetLength));
            }
        }

        return shown;
    }

    /// <summary>Which ranking brought a paper to the page, which decides what its snippet highlights.</summary>
    private enum Source
    {
        Lexical,
        AnyWords,
        Meaning,
    }

    private sealed record Found(long Seq, string Id, double Score, Source Source);

    private const int PlainSnippetLength = 240;
}
