using Microsoft.Data.Sqlite;
using PaperBot.Papers.Search;

namespace PaperBot.Papers.Semantic;

public sealed partial class HybridSearch
{
    /// <summary>What a page of fused results is made from: the query, its any-words form, and each ranking's papers.</summary>
    private sealed record PageSources(
        SearchQuery Query, SearchQuery? Relaxed, IReadOnlyList<Nearest> Nearest, IReadOnlyList<RankedPaper> Lexical, IReadOnlyList<RankedPaper> AnyWords);

    /// <summary>
    /// The page of the fused ranking: papers found by meaning only are read by row id, the order is applied, and
    /// only the page's papers get snippets, each highlighting what found it (every word, some of the words, or
    /// whichever words a paper found by meaning holds).
    /// </summary>
    private async Task<SearchResults> PageAsync(
        PageSources sources, SearchSort sort, int offset, int limit, IReadOnlyList<FusedCandidate> fused, long total, bool estimate, bool noPaperHasEveryWord, CancellationToken cancellationToken)
    {
        var similarity = sources.Nearest.ToDictionary(n => n.Id, n => (double)n.Similarity, StringComparer.Ordinal);
        var found = new Dictionary<string, Found>(StringComparer.Ordinal);
        foreach (var paper in sources.Lexical)
        {
            found.TryAdd(paper.Paper.Id, new Found(paper.Seq, paper.Paper, paper.Score, Source.Lexical));
        }

        foreach (var paper in sources.AnyWords)
        {
            found.TryAdd(paper.Paper.Id, new Found(paper.Seq, paper.Paper, paper.Score, Source.AnyWords));
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var seqs = sources.Nearest.ToDictionary(n => n.Id, n => n.Seq, StringComparer.Ordinal);
            var missing = fused.Select(c => c.Id).Where(id => !found.ContainsKey(id) && seqs.ContainsKey(id)).Select(id => seqs[id]).ToArray();
            foreach (var (seq, paper) in await PaperSearch.LoadPapersAsync(connection, missing, cancellationToken).ConfigureAwait(false))
            {
                found.TryAdd(paper.Id, new Found(seq, paper, 0, Source.Meaning));
            }

            var ordered = fused.Where(c => found.ContainsKey(c.Id)).ToList();
            if (sort != SearchSort.Relevance)
            {
                ordered = sort == SearchSort.Upvotes
                    ? [.. ordered.OrderByDescending(c => found[c.Id].Paper.Upvotes ?? -1).ThenByDescending(c => c.Score)]
                    : [.. ordered.OrderByDescending(c => found[c.Id].Paper.Published ?? DateOnly.MinValue).ThenByDescending(c => c.Score)];
            }

            var page = ordered.Skip(offset).Take(limit).ToArray();
            var snippets = await SnippetsAsync(connection, sources, [.. page.Select(c => found[c.Id])], cancellationToken).ConfigureAwait(false);
            var hits = page.Select(c =>
            {
                var paper = found[c.Id];
                return new SearchHit(paper.Paper, c.Score, snippets[c.Id])
                {
                    Lexical = c.LexicalRank is null ? null : paper.Score,
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
    /// Snippets for the page's papers: those with every word highlight the query, those with some of its words
    /// the any-words query, and those found by meaning whichever query words they hold, else the abstract's start.
    /// </summary>
    private static async Task<Dictionary<string, string>> SnippetsAsync(
        SqliteConnection connection, PageSources sources, IReadOnlyList<Found> papers, CancellationToken cancellationToken)
    {
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
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
                var hits = await PaperSearch.LoadHitsAsync(connection, match, ranked, cancellationToken).ConfigureAwait(false);
                foreach (var hit in hits)
                {
                    snippets[hit.Paper.Id] = hit.Snippet;
                }
            }
            catch (SqliteException)
            {
                // Only the highlighting failed; the plain snippets below stand in.
            }
        }

        foreach (var paper in papers)
        {
            snippets.TryAdd(paper.Paper.Id, SnippetFormatter.Plain(paper.Paper.Abstract.Length > 0 ? paper.Paper.Abstract : paper.Paper.Title, PlainSnippetLength));
        }

        return snippets;
    }

    /// <summary>Which ranking brought a paper to the page, which decides what its snippet highlights.</summary>
    private enum Source
    {
        Lexical,
        AnyWords,
        Meaning,
    }

    private sealed record Found(long Seq, Paper Paper, double Score, Source Source);

    private const int PlainSnippetLength = 240;
}
