using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Papers.Semantic;

/// <summary>How a search ranks.</summary>
public enum SearchMode
{
    /// <summary>Words and meaning together (the default).</summary>
    Hybrid,

    /// <summary>Words only: every word must be in the paper, ranked by BM25.</summary>
    Words,

    /// <summary>Meaning only: nearest vectors, with the query's filters.</summary>
    Meaning,
}

/// <summary>
/// The search every command uses: the words ranking of <see cref="PaperSearch"/> fused with the nearest papers
/// by meaning, so a sentence finds papers that share few of its words while an id, a method name or an author
/// ranks as with words alone. When no paper has every word, papers with some of them join in. See docs/search.md.
/// </summary>
public sealed partial class HybridSearch(
    PaperSearch words,
    PaperEmbedder embedder,
    SemanticIndex index,
    SqliteConnectionFactory connectionFactory,
    TimeProvider timeProvider,
    IOptions<SemanticOptions> options)
{
    private const int WordsPageSize = 100;

    private readonly SemanticOptions settings = options.Value;

    public Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        SearchAsync(request, SearchMode.Hybrid, cancellationToken);

    public async Task<SearchResults> SearchAsync(SearchRequest request, SearchMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = SearchQuery.Parse(request.Query, timeProvider);
        if (parsed.Query is not { } query)
        {
            return SearchResults.Failed(parsed.Error ?? SearchQueryParser.NothingSearchableMessage);
        }

        var meaningText = MeaningText(query);
        if (mode == SearchMode.Words || !embedder.Enabled || meaningText.Length == 0)
        {
            return mode == SearchMode.Meaning && meaningText.Length == 0 && query.HasTextTerms
                ? new SearchResults { SortedBy = request.Sort }
                : WithLexicalParts(await words.SearchAsync(request, cancellationToken).ConfigureAwait(false));
        }

        var offset = Math.Max(0, request.Offset);
        var limit = Math.Clamp(request.Limit, 1, WordsPageSize);
        var depth = Math.Max(settings.MeaningCandidates, offset + limit);
        if (mode == SearchMode.Meaning)
        {
            var found = await NearestAsync(query, meaningText, depth, cancellationToken).ConfigureAwait(false);
            var meaningOnly = found.Select(n => new FusedCandidate(n.Id, n.Similarity, null, 1, null)).ToArray();
            return await PageAsync(query, request.Sort, offset, limit, meaningOnly, found, [], meaningOnly.Length, false, false, cancellationToken).ConfigureAwait(false);
        }

        // A sentence by relevance (more plain words than a keyword query) always needs its nearest papers: the query
        // is embedded and the vectors scanned on another thread while the words are ranked, so the answer waits for
        // the slower of the two rather than their sum.
        var plain = PlainWords(query);
        var nearestAlongside = request.Sort == SearchSort.Relevance && plain.Count > settings.KeywordQueryWords
            ? Task.Run(() => NearestAsync(query, meaningText, settings.MeaningCandidates, cancellationToken), cancellationToken)
            : null;
        SearchResults lexical;
        try
        {
            lexical = await WordsAsync(query, depth, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await Observe(nearestAlongside).ConfigureAwait(false);
            throw;
        }

        if (lexical.Error is not null)
        {
            await Observe(nearestAlongside).ConfigureAwait(false);
            return lexical;
        }

        if (lexical.TotalCount > 0 && (request.Sort != SearchSort.Relevance || plain.Count <= settings.KeywordQueryWords))
        {
            // Sorted by date or upvotes, the papers with every word are the answer, as they always were; and a
            // query of a word or two that papers hold is a keyword search (a method, a name, an id): those papers.
            return WithLexicalParts(await words.SearchAsync(query, request.Sort, offset, limit, cancellationToken).ConfigureAwait(false));
        }

        var nearest = await (nearestAlongside ?? NearestAsync(query, meaningText, settings.MeaningCandidates, cancellationToken)).ConfigureAwait(false);
        IReadOnlyList<SearchHit> anyWords = [];
        if (lexical.TotalCount < settings.FewMatches && plain.Count >= 2)
        {
            var relaxed = query with { Groups = [plain, .. query.Groups.Where(g => g.All(SemanticRestrictions.IsDemand))] };
            // A side pass: common words it has no list for are ranked among their newest matches (bounded), not over the store.
            var found = await words.SearchAsync(relaxed, SearchSort.Relevance, 0, settings.MeaningCandidates, cancellationToken, makeLists: false).ConfigureAwait(false);
            anyWords = found.Hits;
        }

        var fused = HybridFusion.Fuse(
            [.. lexical.Hits.Select(h => h.Paper.Id)],
            [.. nearest.Select(n => n.Id)],
            [.. anyWords.Select(h => h.Paper.Id)],
            settings.Weights);
        var extra = fused.Count(c => c.LexicalRank is null);
        return await PageAsync(
            query, request.Sort, offset, limit, fused, nearest, [.. lexical.Hits, .. anyWords],
            lexical.TotalCount + extra, lexical.TotalCountIsEstimate, lexical.TotalCount == 0 && fused.Count > 0 && plain.Count >= 2, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for work whose answer is no longer wanted, so its failure is not left unobserved.</summary>
    private static async Task Observe(Task? task)
    {
        if (task is not null)
        {
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The text the query's meaning is read from: its plain words and phrases, without fields and filters.</summary>
    internal static string MeaningText(SearchQuery query) =>
        string.Join(' ', query.PositiveTerms.Where(t => t.Field == SearchField.Any).Select(t => t.Text)).Trim();

    /// <summary>The query's plain words (no author terms, no phrases) as one OR group, for the any-words pass.</summary>
    private static List<SearchTerm> PlainWords(SearchQuery query) =>
        [.. query.Groups.Where(g => !g.All(SemanticRestrictions.IsDemand)).SelectMany(g => g)
            .Where(t => t.Field == SearchField.Any && !SemanticStopWords.Contains(t.Text))
            .DistinctBy(t => t.Text.ToLowerInvariant())];

    private static SearchResults WithLexicalParts(SearchResults results) =>
        results with { Hits = [.. results.Hits.Select(h => h with { Lexical = h.Score })] };

    /// <summary>The words ranking down to <paramref name="depth"/> papers (several pages of the words search).</summary>
    private async Task<SearchResults> WordsAsync(SearchQuery query, int depth, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>();
        SearchResults? first = null;
        for (var offset = 0; offset < depth; offset += WordsPageSize)
        {
            var page = await words.SearchAsync(query, SearchSort.Relevance, offset, Math.Min(WordsPageSize, depth - offset), cancellationToken).ConfigureAwait(false);
            if (page.Error is not null)
            {
                return page;
            }

            first ??= page;
            hits.AddRange(page.Hits);
            if (page.Hits.Count < Math.Min(WordsPageSize, depth - offset))
            {
                break;
            }
        }

        return (first ?? new SearchResults()) with { Hits = hits };
    }

    private async Task<SearchResults> PageAsync(
        SearchQuery query, SearchSort sort, int offset, int limit, IReadOnlyList<FusedCandidate> fused, IReadOnlyList<Nearest> nearest,
        IReadOnlyList<SearchHit> known, long total, bool estimate, bool noPaperHasEveryWord, CancellationToken cancellationToken)
    {
        var similarity = nearest.ToDictionary(n => n.Id, n => (double)n.Similarity, StringComparer.Ordinal);
        var loaded = new Dictionary<string, SearchHit>(StringComparer.Ordinal);
        foreach (var hit in known)
        {
            loaded.TryAdd(hit.Paper.Id, hit);
        }

        var seqs = nearest.ToDictionary(n => n.Id, n => n.Seq, StringComparer.Ordinal);
        await LoadMissingAsync(query, fused.Select(c => c.Id).Where(id => !loaded.ContainsKey(id) && seqs.ContainsKey(id)).Select(id => seqs[id]).ToArray(), loaded, cancellationToken).ConfigureAwait(false);
        var ordered = fused.Where(c => loaded.ContainsKey(c.Id)).ToList();
        if (sort != SearchSort.Relevance)
        {
            ordered = sort == SearchSort.Upvotes
                ? [.. ordered.OrderByDescending(c => loaded[c.Id].Paper.Upvotes ?? -1).ThenByDescending(c => c.Score)]
                : [.. ordered.OrderByDescending(c => loaded[c.Id].Paper.Published ?? DateOnly.MinValue).ThenByDescending(c => c.Score)];
        }

        var hits = ordered.Skip(offset).Take(limit).Select(c =>
        {
            var hit = loaded[c.Id];
            return new SearchHit(hit.Paper, c.Score, hit.Snippet)
            {
                Lexical = c.LexicalRank is null ? null : hit.Score,
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

    /// <summary>Papers found by meaning only: their snippet shows whichever query words they hold, else the abstract's start.</summary>
    private async Task LoadMissingAsync(SearchQuery query, IReadOnlyList<long> seqs, Dictionary<string, SearchHit> loaded, CancellationToken cancellationToken)
    {
        if (seqs.Count == 0)
        {
            return;
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var anyWord = query.PositiveTerms.Where(t => t.Field == SearchField.Any).Select(t => t.ToFts()).ToArray();
            if (anyWord.Length > 0)
            {
                try
                {
                    foreach (var hit in await PaperSearch.LoadHitsAsync(connection, string.Join(" OR ", anyWord), [.. seqs.Select(s => (s, 0.0))], cancellationToken).ConfigureAwait(false))
                    {
                        loaded.TryAdd(hit.Paper.Id, hit);
                    }
                }
                catch (SqliteException)
                {
                    // Only the highlighting failed; the plain snippets below stand in.
                }
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {PaperRows.Columns} FROM papers AS p WHERE p.seq IN (SELECT value FROM json_each($seqs))";
            command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', seqs) + "]");
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var paper = PaperRows.Read(reader, out _);
                    loaded.TryAdd(paper.Id, new SearchHit(paper, 0, SnippetFormatter.Plain(paper.Abstract.Length > 0 ? paper.Abstract : paper.Title, PlainSnippetLength)));
                }
            }
        }
    }

    private const int PlainSnippetLength = 240;
}
