using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>
    /// Which of the given papers match a query, best first, or the message for a query that cannot run. Each
    /// paper is looked up in the index, rather than the whole store searched, so a match that a thousand other
    /// papers outrank is still found. For filtering a library.
    /// </summary>
    public async Task<(IReadOnlyList<string> Ids, string? Error)> MatchAmongAsync(string query, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var parsed = SearchQuery.Parse(query, timeProvider);
        if (parsed.Query is not { } searchQuery)
        {
            return ([], parsed.Error ?? SearchQueryParser.NothingSearchableMessage);
        }

        var filters = new SearchFilters(searchQuery);
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                using var command = connection.CreateCommand();
                command.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray([.. ids]));
                filters.Bind(command);
                Bm25Function.RunScope? scope = null;
                if (searchQuery.MatchExpression is { } match)
                {
                    command.Parameters.AddWithValue("$match", match);
                    (var score, scope) = await ScoreAsync(connection, command, HasOnlyPlainWords(searchQuery), keep: 0, cancellationToken).ConfigureAwait(false);

                    // The papers drive the join: FTS5 checks each one by row id instead of walking every match.
                    command.CommandText = $"""
                        SELECT p.id, {score} AS score
                        FROM papers AS p CROSS JOIN papers_fts ON papers_fts.rowid = p.seq
                        WHERE p.id IN (SELECT value FROM json_each($ids)) AND papers_fts MATCH $match{filters.Sql}
                        ORDER BY score DESC, p.seq DESC
                        """;
                }
                else
                {
                    var exclusion = "";
                    if (searchQuery.ExclusionExpression is { } excluded)
                    {
                        exclusion = ExclusionSql;
                        command.Parameters.AddWithValue("$exclude", excluded);
                    }

                    command.CommandText = $"""
                        SELECT p.id FROM papers AS p
                        WHERE p.id IN (SELECT value FROM json_each($ids)){filters.Sql}{exclusion}
                        ORDER BY p.published DESC, p.first_seen DESC
                        """;
                }

                using (scope)
                {
                    var matched = new List<string>();
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            matched.Add(reader.GetString(0));
                        }
                    }

                    return (matched, null);
                }
            }
        }
        catch (SqliteException ex)
        {
            Log.SearchFailed(logger, ex.SqliteErrorCode, ex.Message);
            return ([], FailureMessage);
        }
    }
}
