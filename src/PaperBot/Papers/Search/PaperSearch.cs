using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Storage;

namespace PaperBot.Papers.Search;

/// <summary>
/// Full-text search over the paper store: BM25 ranking weighted title &gt; authors &gt; abstract,
/// Discord-safe snippets, autocomplete and "more like this". See docs/search.md.
/// </summary>
public sealed partial class PaperSearch(
    SqliteConnectionFactory connectionFactory,
    TimeProvider timeProvider,
    IOptions<SearchOptions> options,
    ILogger<PaperSearch> logger)
{
    public const string FailureMessage = "That search could not be run. Try fewer or simpler words.";

    /// <summary>BM25 column weights: title, authors, abstract, keywords.</summary>
    internal const string Weights = "10.0, 4.0, 1.0, 2.0";

    internal const string Bm25 = $"bm25(papers_fts, {Weights})";

    // Bm25Function's score (higher is better), with its run bound as $run.
    private const string RankingScore = $"{Bm25Function.Name}(papers_fts, $run, {Weights})";

    private const int MaxLimit = 100;
    private const int MaxOffset = 10_000;
    private const string SnippetTokens = "32";
    private const int PlainSnippetLength = 240;

    // Two subqueries: SQLite answers a lone max() or min() from the b-tree edge, but both in one SELECT scan the table.
    private const string CorpusSql = "SELECT coalesce((SELECT max(seq) FROM papers), 0), coalesce((SELECT min(seq) FROM papers), 0)";

    private const string HitSql = $"""
        SELECT {PaperRows.Columns},
               CASE WHEN p.abstract <> '' THEN snippet(papers_fts, 2, char(57344), char(57345), '…', {SnippetTokens})
                    ELSE highlight(papers_fts, 0, char(57344), char(57345)) END
        FROM papers_fts CROSS JOIN papers AS p ON p.seq = papers_fts.rowid
        WHERE papers_fts MATCH $match AND papers_fts.rowid = $rowid
        """;

    private readonly SearchOptions settings = options.Value;

    /// <summary>Rank with FTS5's own bm25() only, as on a SQLite build without the FTS5 API (for tests of that path).</summary>
    internal bool BuiltInRankingOnly { get; init; }

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = SearchQuery.Parse(request.Query, timeProvider);
        if (parsed.Query is not { } query)
        {
            return SearchResults.Failed(parsed.Error ?? SearchQueryParser.NothingSearchableMessage);
        }

        return await SearchAsync(query, request.Sort, request.Offset, request.Limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A page of an already parsed query (the hybrid search runs a relaxed copy of the user's). With
    /// <paramref name="makeLists"/> false, common words are ranked from their lists only when every one of them has
    /// its list already, and from the window of newest matches otherwise: making a list ranks a word over the whole
    /// store (seconds at a million papers), which a side pass must not pay for. For the same reason a side pass
    /// ranks every match only up to <see cref="SearchOptions.CandidateLimit"/> matches, and the newest ones past it.
    /// </summary>
    internal async Task<SearchResults> SearchAsync(SearchQuery query, SearchSort sort, int offset, int limit, CancellationToken cancellationToken, bool makeLists = true)
    {
        var page = new Page(Math.Clamp(offset, 0, MaxOffset), Math.Clamp(limit, 1, MaxLimit));
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // One read transaction: the count, the ranking and the word counts all see one state of the store.
                using var transaction = connection.BeginTransaction(deferred: true);
                return query.HasTextTerms
                    ? await TextSearchAsync(connection, query, sort, page, makeLists, cancellationToken).ConfigureAwait(false)
                    : await FilterSearchAsync(connection, query, sort, page, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            // The translation is meant to make every input valid FTS5; this is the net under it.
            Log.SearchFailed(logger, ex.SqliteErrorCode, ex.Message);
            return SearchResults.Failed(FailureMessage);
        }
    }

    private async Task<SearchResults> TextSearchAsync(SqliteConnection connection, SearchQuery query, SearchSort sort, Page page, bool makeLists, CancellationToken cancellationToken)
    {
        var ranking = await RankTextAsync(connection, query, sort, page, makeLists, cancellationToken).ConfigureAwait(false);
        var hits = await LoadHitsAsync(connection, query.MatchExpression!, ranking.Ranked, cancellationToken).ConfigureAwait(false);
        return new SearchResults
        {
            TotalCount = ranking.Estimate ? Math.Max(ranking.Total, page.Offset + hits.Count) : ranking.Total,
            TotalCountIsEstimate = ranking.Estimate,
            Hits = hits,
            SortedBy = sort,
            SortIsPartial = ranking.PartialSort,
        };
    }

    /// <summary>The row ids and scores of a page of a text query, the number of matches, and how exact both are.</summary>
    private async Task<TextRanking> RankTextAsync(SqliteConnection connection, SearchQuery query, SearchSort sort, Page page, bool makeLists, CancellationToken cancellationToken)
    {
        var match = query.MatchExpression!;
        var filters = new SearchFilters(query);
        var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
        if (corpus.Size == 0)
        {
            return TextRanking.None;
        }

        long total;
        var estimate = false;
        var partialSort = false;
        List<(long Seq, double Score)> ranked;
        var density = await SampleDensityAsync(connection, match, corpus, cancellationToken).ConfigureAwait(false);
        // A side pass (makeLists false: the hybrid search's any-words pass) ranks every match only while there are
        // at most CandidateLimit of them; ranking tens of thousands costs it more than the whole search may take.
        var sidePass = !makeLists;
        var commonFrom = sidePass ? settings.CandidateLimit : Math.Max(settings.CandidateLimit, settings.CommonTermFraction * corpus.Size);
        if (density * corpus.Size > commonFrom
            && (sidePass || !await RanksCommonExactlyAsync(connection, query, sort, density * corpus.Size, corpus, cancellationToken).ConfigureAwait(false)))
        {
            // Common words: rank only a window of the newest matches (docs/search.md explains the trade-off).
            // Ranked from the word lists, the window only estimates the total: the same one for every page.
            var fromLists = sort == SearchSort.Relevance && RanksFromLists(query)
                && (makeLists || await HasEveryListAsync(connection, query, corpus, cancellationToken).ConfigureAwait(false));
            var window = await NewestWindowAsync(connection, match, filters, corpus, density, fromLists ? 1 : page.Offset + page.Limit, cancellationToken).ConfigureAwait(false);
            if (window.Found == 0)
            {
                return TextRanking.None;
            }

            total = window.Found;
            if (window.Floor > corpus.MinSeq)
            {
                var scale = (double)(corpus.MaxSeq - corpus.MinSeq + 1) / (corpus.MaxSeq - window.Floor + 1);
                total = (long)Math.Round(window.Found * scale);
                estimate = true;
            }

            var sorted = sort == SearchSort.Relevance ? null : await SortedMatchesAsync(connection, match, filters, sort, page, cancellationToken).ConfigureAwait(false);
            partialSort = sort != SearchSort.Relevance && sorted is null;
            if (fromLists && UsesOwnRanking(connection))
            {
                ranked = await RankCommonAsync(connection, query, filters, corpus, page, cancellationToken).ConfigureAwait(false)
                    ?? (await RankAsync(connection, query, corpus.Size, filters, sort, page, cancellationToken).ConfigureAwait(false)).Ranked;
            }
            else
            {
                (ranked, _) = sorted is not null
                    ? (sorted, 0)
                    : await RankWindowAsync(connection, match, query.TitleMatchExpression, filters, window.Floor, sort, page, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            (ranked, total) = UsesOwnRanking(connection)
                ? await RankAsync(connection, query, corpus.Size, filters, sort, page, cancellationToken).ConfigureAwait(false)
                : await RankWithBuiltInAsync(connection, match, filters, sort, page, cancellationToken).ConfigureAwait(false);
            if (total < 0)
            {
                // A page past the last match has no row to carry the count.
                total = page.Offset == 0 ? 0 : await CountAsync(connection, match, filters, null, cancellationToken).ConfigureAwait(false);
            }
        }

        return new TextRanking(ranked, total, estimate, partialSort);
    }

    /// <summary>
    /// The fraction of the newest papers that match the text of the query. This is what ranking every
    /// match would cost, measured on a sample: counting from a row id forward is cheap in FTS5, while
    /// fts5vocab document counts walk the term's whole doclist (tens of milliseconds for a word in most of
    /// a million papers) and only bound phrases and ANDs from above.
    /// </summary>
    private async Task<double> SampleDensityAsync(SqliteConnection connection, string match, (long MaxSeq, long MinSeq, long Size) corpus, CancellationToken cancellationToken)
    {
        var floor = Math.Max(corpus.MinSeq, corpus.MaxSeq - settings.CandidateLimit + 1);
        var found = await CountAsync(connection, match, SearchFilters.None, floor, cancellationToken).ConfigureAwait(false);
        return (double)found / (corpus.MaxSeq - floor + 1);
    }

    /// <summary>
    /// The lowest row id of a window of recent papers holding about <see cref="SearchOptions.CandidateLimit"/>
    /// matches, and how many matches it holds. Row ids grow with insertion, so the window is "the newest
    /// stored"; its size starts from the vocabulary's estimate of how dense matches are and widens when
    /// the estimate was too hopeful (phrases and AND of words are rarer than their words).
    /// FTS5 iterates doclists forward from a rowid cheaply, but a descending scan reads the whole doclist.
    /// </summary>
    private async Task<(long Found, long Floor)> NewestWindowAsync(
        SqliteConnection connection, string match, SearchFilters filters, (long MaxSeq, long MinSeq, long Size) corpus, double density, int pageEnd, CancellationToken cancellationToken)
    {
        // Pages within the first half-window share one window, so paging there never repeats a paper; a
        // deeper page needs a wider window, rounded to whole candidate limits so its neighbours share it too.
        var half = Math.Max(1, settings.CandidateLimit / 2);
        var wanted = pageEnd <= half ? half : (pageEnd + settings.CandidateLimit - 1) / settings.CandidateLimit * settings.CandidateLimit;
        var span = (long)Math.Ceiling(wanted * 2 / Math.Max(density, 1e-9));
        var budget = (long)settings.CandidateLimit * 64;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM papers_fts{Join(filters)} WHERE papers_fts MATCH $match AND papers_fts.rowid >= $floor{filters.Sql}";
        command.Parameters.AddWithValue("$match", match);
        var floorParameter = command.Parameters.Add("$floor", SqliteType.Integer);
        filters.Bind(command);
        while (true)
        {
            var floor = Math.Max(corpus.MinSeq, corpus.MaxSeq - span + 1);
            floorParameter.Value = floor;
            var found = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            // Enough candidates, the whole corpus, or the page filled once the scan budget is spent. Short of
            // that, keep widening: an empty page must mean no more matches, not an artefact of the window.
            if (found >= wanted || floor == corpus.MinSeq || (span >= budget && found >= pageEnd))
            {
                return (found, floor);
            }

            span *= 4;
        }
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string match, SearchFilters filters, long? floor, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM papers_fts{Join(filters)} WHERE papers_fts MATCH $match{(floor is null ? "" : " AND papers_fts.rowid >= $floor")}{filters.Sql}";
        command.Parameters.AddWithValue("$match", match);
        if (floor is { } value)
        {
            command.Parameters.AddWithValue("$floor", value);
        }

        filters.Bind(command);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Papers and snippets for the ranked page only: snippets cost too much to make for every match.</summary>
    internal static async Task<IReadOnlyList<SearchHit>> LoadHitsAsync(
        SqliteConnection connection, string match, IReadOnlyList<(long Seq, double Score)> ranked, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>(ranked.Count);
        using var command = connection.CreateCommand();
        command.CommandText = HitSql;
        command.Parameters.AddWithValue("$match", match);
        var rowid = command.Parameters.Add("$rowid", SqliteType.Integer);
        foreach (var (seq, score) in ranked)
        {
            rowid.Value = seq;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var paper = PaperRows.Read(reader, out _);
                    var snippet = reader.IsDBNull(PaperRows.ColumnCount) ? "" : reader.GetString(PaperRows.ColumnCount);
                    hits.Add(new SearchHit(paper, score, SnippetFormatter.Format(snippet)));
                }
            }
        }

        return hits;
    }

    internal static async Task<(long MaxSeq, long MinSeq, long Size)> ReadCorpusAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = CorpusSql;
        var (max, min) = await ReadPairAsync(command, cancellationToken).ConfigureAwait(false);
        // max(seq) stands in for count(*), which would scan the table on every search; rows are rarely deleted.
        return (max, min, max);
    }

    private static async Task<(long, long)> ReadPairAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
        }
    }

    private static string Join(SearchFilters filters) =>
        filters.IsEmpty ? "" : " CROSS JOIN papers AS p ON p.seq = papers_fts.rowid";

    private readonly record struct Page(int Offset, int Limit);
}
