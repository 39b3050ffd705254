using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>
    /// BM25 over every match, and the number of matches, in one pass of <see cref="Bm25Function"/>: the same
    /// scores as FTS5's bm25(), with word counts kept between queries and only the rows that can still reach
    /// the page scored in full.
    /// </summary>
    private async Task<(List<(long Seq, double Score)> Ranked, long Total)> RankAsync(
        SqliteConnection connection, SearchQuery query, long corpusSize, SearchFilters filters, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        var (run, scope) = await StartRunAsync(connection, HasOnlyPlainWords(query), sort == SearchSort.Relevance ? page.Offset + page.Limit : 0, corpusSize, cancellationToken).ConfigureAwait(false);
        using (scope)
        {
            var needsPapers = !filters.IsEmpty || sort != SearchSort.Relevance;
            var sql = $"""
                SELECT papers_fts.rowid AS seq, {RankingScore} AS score
                FROM papers_fts{(needsPapers ? " CROSS JOIN papers AS p ON p.seq = papers_fts.rowid" : "")}
                WHERE papers_fts MATCH $match{filters.Sql}
                ORDER BY {Order(sort, paper: "p.", seq: "seq")}
                LIMIT $limit OFFSET $offset
                """;
            var (ranked, _) = await ReadRankedAsync(connection, sql, query.MatchExpression!, null, null, filters, page, scope.Id, cancellationToken).ConfigureAwait(false);
            return (ranked, run.Matches);
        }
    }

    /// <summary>Whether this connection ranks with <see cref="Bm25Function"/> (false: FTS5's own bm25()).</summary>
    private bool UsesOwnRanking(SqliteConnection connection) => !BuiltInRankingOnly && Bm25Function.TryRegister(connection);

    /// <summary>A <see cref="Bm25Run"/> keeping <paramref name="keep"/> rows exact, reachable from SQL until the scope ends.</summary>
    private async Task<(Bm25Run Run, Bm25Function.RunScope Scope)> StartRunAsync(
        SqliteConnection connection, bool plainWords, int keep, long corpusSize, CancellationToken cancellationToken)
    {
        var terms = plainWords ? await ReadTermCountsAsync(connection, corpusSize, cancellationToken).ConfigureAwait(false) : null;
        var run = new Bm25Run(keep, terms);
        return (run, Bm25Function.Start(run));
    }

    /// <summary>
    /// The score expression (higher is better) for a ranking query on this connection: <see cref="Bm25Function"/>
    /// with its run bound as <c>$run</c> on <paramref name="command"/> (dispose the scope once the query has been
    /// read), or FTS5's own bm25(), negated, on a SQLite build without the FTS5 API.
    /// </summary>
    private async Task<(string Score, Bm25Function.RunScope? Scope)> ScoreAsync(
        SqliteConnection connection, SqliteCommand command, bool plainWords, int keep, CancellationToken cancellationToken)
    {
        if (!UsesOwnRanking(connection))
        {
            return ($"-{Bm25}", null);
        }

        var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
        var (_, scope) = await StartRunAsync(connection, plainWords, keep, corpus.Size, cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("$run", scope.Id);
        return (RankingScore, scope);
    }

    /// <summary>
    /// <see cref="RankAsync"/> with FTS5's own bm25(), for a SQLite build without the FTS5 API: BM25 over every
    /// match and the number of matches in one pass. Returns a count of -1 when the page is past the last
    /// match (no row to carry it).
    /// </summary>
    private static Task<(List<(long Seq, double Score)> Ranked, long Total)> RankWithBuiltInAsync(
        SqliteConnection connection, string match, SearchFilters filters, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        // bm25() cannot sit beside a window function, so the count is taken over a subquery of the matches.
        var needsPapers = !filters.IsEmpty || sort != SearchSort.Relevance;
        var sql = $"""
            SELECT seq, score, count(*) OVER () FROM (
                SELECT papers_fts.rowid AS seq, -{Bm25} AS score{(needsPapers ? ", p.published AS published, p.first_seen AS first_seen, p.upvotes AS upvotes" : "")}
                FROM papers_fts{(needsPapers ? " CROSS JOIN papers AS p ON p.seq = papers_fts.rowid" : "")}
                WHERE papers_fts MATCH $match{filters.Sql})
            ORDER BY {Order(sort, paper: "", seq: "seq")}
            LIMIT $limit OFFSET $offset
            """;
        return ReadRankedAsync(connection, sql, match, null, null, filters, page, null, cancellationToken);
    }

    /// <summary>
    /// Ranks a window of common-word matches without BM25: FTS5's bm25() counts every row holding each
    /// phrase to compute its idf, which is exactly the full scan the window avoids. Papers whose title
    /// holds the words come first (score 1, else 0), newest first within each.
    /// </summary>
    private static Task<(List<(long Seq, double Score)> Ranked, long Total)> RankWindowAsync(
        SqliteConnection connection, string match, string? titleMatch, SearchFilters filters, long floor, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        var score = titleMatch is null
            ? "0.0"
            : "(papers_fts.rowid IN (SELECT t.rowid FROM papers_fts AS t WHERE t.papers_fts MATCH $title AND t.rowid >= $floor)) * 1.0";
        var sql = $"""
            SELECT papers_fts.rowid, {score} AS score
            FROM papers_fts CROSS JOIN papers AS p ON p.seq = papers_fts.rowid
            WHERE papers_fts MATCH $match AND papers_fts.rowid >= $floor{filters.Sql}
            ORDER BY {Order(sort, paper: "p.", seq: "papers_fts.rowid")}
            LIMIT $limit OFFSET $offset
            """;
        return ReadRankedAsync(connection, sql, match, titleMatch, floor, filters, page, null, cancellationToken);
    }

    /// <summary>The order of each sort; <paramref name="paper"/> prefixes the paper columns, <paramref name="seq"/> names the row id.</summary>
    private static string Order(SearchSort sort, string paper, string seq) => sort switch
    {
        SearchSort.Newest => $"{paper}published DESC, {paper}first_seen DESC, score DESC, {seq} DESC",
        SearchSort.Upvotes => $"coalesce({paper}upvotes, -1) DESC, score DESC, {seq} DESC",
        _ => $"score DESC, {seq} DESC",
    };

    /// <summary>
    /// The ranked page: row id and score, and, when the query has a third column, the number of matches it
    /// carries (-1 when no row came back).
    /// </summary>
    private static async Task<(List<(long Seq, double Score)> Ranked, long Total)> ReadRankedAsync(
        SqliteConnection connection, string sql, string match, string? titleMatch, long? floor, SearchFilters filters, Page page, long? run, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (run is { } id)
        {
            command.Parameters.AddWithValue("$run", id);
        }

        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", page.Limit);
        command.Parameters.AddWithValue("$offset", page.Offset);
        if (floor is { } value)
        {
            command.Parameters.AddWithValue("$floor", value);
        }

        if (titleMatch is not null)
        {
            command.Parameters.AddWithValue("$title", titleMatch);
        }

        filters.Bind(command);
        var ranked = new List<(long, double)>(page.Limit);
        var total = -1L;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ranked.Add((reader.GetInt64(0), reader.GetDouble(1)));
                if (reader.FieldCount > 2)
                {
                    total = reader.GetInt64(2);
                }
            }
        }

        return (ranked, total);
    }
}
