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

    internal const string Bm25 = "bm25(papers_fts, 10.0, 4.0, 1.0, 2.0)";

    private const int MaxLimit = 100;
    private const int MaxOffset = 10_000;
    private const string SnippetTokens = "32";
    private const int PlainSnippetLength = 240;

    private const string CorpusSql = "SELECT coalesce(max(seq), 0), coalesce(min(seq), 0) FROM papers";

    private const string HitSql = $"""
        SELECT {PaperRows.Columns},
               CASE WHEN p.abstract <> '' THEN snippet(papers_fts, 2, char(57344), char(57345), '…', {SnippetTokens})
                    ELSE highlight(papers_fts, 0, char(57344), char(57345)) END
        FROM papers_fts CROSS JOIN papers AS p ON p.seq = papers_fts.rowid
        WHERE papers_fts MATCH $match AND papers_fts.rowid = $rowid
        """;

    private readonly SearchOptions settings = options.Value;

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = SearchQuery.Parse(request.Query, timeProvider);
        if (parsed.Query is not { } query)
        {
            return SearchResults.Failed(parsed.Error ?? SearchQueryParser.NothingSearchableMessage);
        }

        var page = new Page(Math.Clamp(request.Offset, 0, MaxOffset), Math.Clamp(request.Limit, 1, MaxLimit));
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return query.HasTextTerms
                    ? await TextSearchAsync(connection, query, request.Sort, page, cancellationToken).ConfigureAwait(false)
                    : await FilterSearchAsync(connection, query, request.Sort, page, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            // The translation is meant to make every input valid FTS5; this is the net under it.
            Log.SearchFailed(logger, ex.SqliteErrorCode, ex.Message);
            return SearchResults.Failed(FailureMessage);
        }
    }

    private async Task<SearchResults> TextSearchAsync(SqliteConnection connection, SearchQuery query, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        var match = query.MatchExpression!;
        var filters = new SearchFilters(query);
        var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
        if (corpus.Size == 0)
        {
            return new SearchResults();
        }

        var bound = await MatchUpperBoundAsync(connection, query, corpus.Size, cancellationToken).ConfigureAwait(false);
        if (bound == 0)
        {
            return new SearchResults();
        }

        long? floor = null;
        long total;
        var estimate = false;
        if (bound > Math.Max(settings.CandidateLimit, settings.CommonTermFraction * corpus.Size))
        {
            // Common words: rank only the newest candidates (docs/search.md explains the trade-off).
            var (found, lowest) = await NewestCandidatesAsync(connection, match, filters, settings.CandidateLimit, cancellationToken).ConfigureAwait(false);
            if (found == 0)
            {
                return new SearchResults();
            }

            floor = lowest;
            total = found;
            if (found >= settings.CandidateLimit)
            {
                var span = (double)(corpus.MaxSeq - corpus.MinSeq + 1) / Math.Max(1, corpus.MaxSeq - lowest + 1);
                total = Math.Min(bound, (long)Math.Round(found * span));
                estimate = true;
            }
        }
        else
        {
            total = await CountAsync(connection, match, filters, cancellationToken).ConfigureAwait(false);
        }

        var ranked = await RankAsync(connection, match, filters, floor, sort, page, cancellationToken).ConfigureAwait(false);
        var hits = await LoadHitsAsync(connection, match, ranked, cancellationToken).ConfigureAwait(false);
        return new SearchResults { TotalCount = Math.Max(total, page.Offset + hits.Count), TotalCountIsEstimate = estimate, Hits = hits };
    }

    /// <summary>
    /// An upper bound on the number of matches from the vocabulary: a phrase is in at most as many papers
    /// as its rarest word, an OR group in at most the sum, and the whole query in at most its rarest group.
    /// </summary>
    private static async Task<long> MatchUpperBoundAsync(SqliteConnection connection, SearchQuery query, long corpusSize, CancellationToken cancellationToken)
    {
        var terms = query.PositiveTerms.ToArray();
        var tokens = await IndexTokenizer.TokenizeAsync(connection, terms.Select(t => t.Text).ToArray(), cancellationToken).ConfigureAwait(false);
        var frequencies = await IndexTokenizer.DocumentFrequenciesAsync(connection, tokens.SelectMany(t => t), cancellationToken).ConfigureAwait(false);

        var termBounds = new Dictionary<SearchTerm, long>();
        for (var i = 0; i < terms.Length; i++)
        {
            var termTokens = tokens[i];
            if (termTokens.Count == 0)
            {
                termBounds[terms[i]] = 0;
                continue;
            }

            var bound = corpusSize;
            for (var t = 0; t < termTokens.Count; t++)
            {
                var isPrefixToken = terms[i].IsPrefix && t == termTokens.Count - 1;
                var frequency = isPrefixToken
                    ? await IndexTokenizer.PrefixFrequencyAsync(connection, termTokens[t], corpusSize, cancellationToken).ConfigureAwait(false)
                    : frequencies[termTokens[t]];
                bound = Math.Min(bound, frequency);
            }

            termBounds[terms[i]] = bound;
        }

        return query.Groups.Min(group => Math.Min(corpusSize, group.Sum(term => termBounds[term])));
    }

    private static async Task<(long Found, long Lowest)> NewestCandidatesAsync(
        SqliteConnection connection, string match, SearchFilters filters, int candidateLimit, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*), coalesce(min(seq), 0) FROM (
                SELECT papers_fts.rowid AS seq
                FROM papers_fts{Join(filters)}
                WHERE papers_fts MATCH $match{filters.Sql}
                ORDER BY papers_fts.rowid DESC
                LIMIT $candidates)
            """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$candidates", candidateLimit);
        filters.Bind(command);
        return await ReadPairAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string match, SearchFilters filters, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM papers_fts{Join(filters)} WHERE papers_fts MATCH $match{filters.Sql}";
        command.Parameters.AddWithValue("$match", match);
        filters.Bind(command);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task<List<(long Seq, double Score)>> RankAsync(
        SqliteConnection connection, string match, SearchFilters filters, long? floor, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        var needsPapers = !filters.IsEmpty || sort != SearchSort.Relevance;
        var order = sort switch
        {
            SearchSort.Newest => "p.published DESC, p.first_seen DESC, score",
            SearchSort.Upvotes => "coalesce(p.upvotes, -1) DESC, score",
            _ => "score, papers_fts.rowid DESC",
        };
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT papers_fts.rowid, {Bm25} AS score
            FROM papers_fts{(needsPapers ? " CROSS JOIN papers AS p ON p.seq = papers_fts.rowid" : "")}
            WHERE papers_fts MATCH $match{(floor is null ? "" : " AND papers_fts.rowid >= $floor")}{filters.Sql}
            ORDER BY {order}
            LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", page.Limit);
        command.Parameters.AddWithValue("$offset", page.Offset);
        if (floor is { } value)
        {
            command.Parameters.AddWithValue("$floor", value);
        }

        filters.Bind(command);
        var ranked = new List<(long, double)>(page.Limit);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ranked.Add((reader.GetInt64(0), -reader.GetDouble(1)));
            }
        }

        return ranked;
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Search failed in SQLite (error {Code}): {Message}")]
        public static partial void SearchFailed(ILogger logger, int code, string message);
    }
}
