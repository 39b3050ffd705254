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
            return await PageAsync(new PageSources(query, null, found, [], []), request.Sort, offset, limit, meaningOnly, meaningOnly.Length, false, false, cancellationToken).ConfigureAwait(false);
        }

        var plain = PlainWords(query);
        var wordsFirst = request.Sort != SearchSort.Relevance || plain.Count <= settings.KeywordQueryWords;
        SearchResults? exact = null;
        if (wordsFirst)
        {
            // Sorted by date or upvotes, the papers with every word are the answer, as they always were; and a query
            // of a word or two that papers hold is a keyword search (a method, a name, an id): those papers. Their
            // own search answers, once; the fused ranking below is for when no paper holds every word.
            exact = await words.SearchAsync(query, request.Sort, offset, limit, cancellationToken).ConfigureAwait(false);
            if (exact.Error is not null || exact.TotalCount > 0)
            {
                return WithLexicalParts(exact);
            }
        }

        // A sentence by relevance (more plain words than a keyword query) always needs its nearest papers: the query
        // is embedded and the vectors scanned on another thread while the words are ranked, so the answer waits for
        // the slower of the two rather than their sum.
        var nearestAlongside = !wordsFirst
            ? Task.Run(() => NearestAsync(query, meaningText, settings.MeaningCandidates, cancellationToken), cancellationToken)
            : null;
        RankedPage lexical;
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
            return SearchResults.Failed(lexical.Error);
        }

        if (lexical.TotalCount > 0 && exact is not null)
        {
            // The ranking found papers the words search above did not count: its answer stands, as it always did.
            return WithLexicalParts(exact);
        }

        // The any-words pass runs beside the scan too, over the query's words that are not common in the store (a
        // common word costs the most to read and only brings in papers that share a generic word with the query).
        Task<(SearchQuery Relaxed, RankedPage Page)?>? anyWordsPass = null;
        if (lexical.TotalCount < settings.FewMatches && plain.Count >= 2)
        {
            anyWordsPass = Task.Run(() => AnyWordsAsync(query, plain, cancellationToken), cancellationToken);
        }

        IReadOnlyList<Nearest> nearest;
        try
        {
            nearest = await (nearestAlongside ?? NearestAsync(query, meaningText, settings.MeaningCandidates, cancellationToken)).ConfigureAwait(false);
        }
        catch
        {
            await Observe(anyWordsPass).ConfigureAwait(false);
            throw;
        }

        var any = anyWordsPass is null ? null : await anyWordsPass.ConfigureAwait(false);
        var relaxed = any?.Relaxed;
        var anyWords = any?.Page.Papers ?? [];
        var fused = HybridFusion.Fuse(
            [.. lexical.Papers.Select(p => p.Id)],
            [.. nearest.Select(n => n.Id)],
            [.. anyWords.Select(p => p.Id)],
            settings.Weights);
        var extra = fused.Count(c => c.LexicalRank is null);
        return await PageAsync(
            new PageSources(query, relaxed, nearest, lexical.Papers, anyWords), request.Sort, offset, limit, fused,
            lexical.TotalCount + extra, lexical.TotalCountIsEstimate, lexical.TotalCount == 0 && fused.Count > 0 && plain.Count >= 2, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The papers with any of the query's uncommon plain words, ranked, and the relaxed query that found them (for the
    /// snippets); null when every word is common.
    /// </summary>
    private async Task<(SearchQuery Relaxed, RankedPage Page)?> AnyWordsAsync(SearchQuery query, List<SearchTerm> plain, CancellationToken cancellationToken)
    {
        var uncommon = await words.UncommonTermsAsync(plain, cancellationToken).ConfigureAwait(false);
        if (uncommon.Count == 0)
        {
            return null;
        }

        var relaxed = query with { Groups = [[.. uncommon], .. query.Groups.Where(g => g.All(SemanticRestrictions.IsDemand))] };
        var page = await words.RankPapersAsync(relaxed, 0, settings.MeaningCandidates, makeLists: false, cancellationToken).ConfigureAwait(false);
        return (relaxed, page);
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

    /// <summary>The words ranking down to <paramref name="depth"/> papers (several pages of the words search), without snippets.</summary>
    private async Task<RankedPage> WordsAsync(SearchQuery query, int depth, CancellationToken cancellationToken)
    {
        var papers = new List<RankedPaper>();
        RankedPage? first = null;
        for (var offset = 0; offset < depth; offset += WordsPageSize)
        {
            var page = await words.RankPapersAsync(query, offset, Math.Min(WordsPageSize, depth - offset), makeLists: true, cancellationToken).ConfigureAwait(false);
            if (page.Error is not null)
            {
                return page;
            }

            first ??= page;
            papers.AddRange(page.Papers);
            if (page.Papers.Count < Math.Min(WordsPageSize, depth - offset))
            {
                break;
            }
        }

        return (first ?? new RankedPage([], 0, false)) with { Papers = papers };
    }
}
