using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>
    /// Papers new to PaperBot (first seen at or after <paramref name="since"/>, not only from the samples) that
    /// match <paramref name="query"/> as <c>/paper search</c> reads it, best first, with the search's relevance
    /// score (0 for a query of filters only), at most <paramref name="limit"/>. The search itself filters by
    /// publication date; this is for what arrived since a digest's last batch. A query the index cannot run
    /// matches nothing; any other failure of the store (busy, damaged, unreadable) is thrown, so a digest plans its
    /// batch later instead of planning it now without these papers (the next batch would never take them).
    /// </summary>
    public async Task<IReadOnlyList<(Paper Paper, double Score)>> MatchNewSinceAsync(SearchQuery query, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new SearchFilters(query);
        var window = $"p.first_seen >= $since AND {PaperNews.Sql}{filters.Sql}";
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                using var command = connection.CreateCommand();
                command.Parameters.AddWithValue("$since", PaperRows.FormatTime(since));
                command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
                filters.Bind(command);
                Bm25Function.RunScope? scope = null;
                if (query.MatchExpression is { } match)
                {
                    command.Parameters.AddWithValue("$match", match);
                    (var score, scope) = await ScoreAsync(connection, command, HasOnlyPlainWords(query), keep: 0, cancellationToken).ConfigureAwait(false);
                    command.CommandText = $"""
                        SELECT {PaperRows.Columns}, {score} AS score
                        FROM papers_fts CROSS JOIN papers AS p ON p.seq = papers_fts.rowid
                        WHERE papers_fts MATCH $match AND {window}
                        ORDER BY score DESC, p.seq DESC
                        LIMIT $limit
                        """;
                }
                else
                {
                    var exclusion = "";
                    if (query.ExclusionExpression is { } excluded)
                    {
                        exclusion = ExclusionSql;
                        command.Parameters.AddWithValue("$exclude", excluded);
                    }

                    command.CommandText = $"""
                        SELECT {PaperRows.Columns}, 0.0 AS score
                        FROM papers AS p
                        WHERE {window}{exclusion}
                        ORDER BY p.seq DESC
                        LIMIT $limit
                        """;
                }

                using (scope)
                {
                    var found = new List<(Paper Paper, double Score)>();
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            found.Add((PaperRows.Read(reader, out _), reader.GetDouble(PaperRows.ColumnCount)));
                        }
                    }

                    return found;
                }
            }
        }
        // SQLITE_ERROR: what FTS5 answers to a query it cannot run (a syntax error), as against a store that failed.
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_ERROR)
        {
            Log.SearchFailed(logger, ex.SqliteErrorCode, ex.Message);
            return [];
        }
    }
}
