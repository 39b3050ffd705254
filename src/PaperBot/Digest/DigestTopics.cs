using Microsoft.Data.Sqlite;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Digest;

/// <summary>
/// A channel's topics: a query in PaperBot's search language (<see cref="SearchQuery"/>), parsed and
/// translated by the search's own code, applied to the papers first seen since an instant. The search
/// itself filters by publication date, not by when PaperBot stored a paper, hence this query.
/// </summary>
public sealed class DigestTopics(SqliteConnectionFactory connections, TimeProvider timeProvider)
{
    // The sample papers a new database is seeded with are not news; a digest never posts them.
    internal const string NotSeedOnly = "NOT (json_array_length(p.sources) = 1 AND json_extract(p.sources, '$[0]') = 'seed')";

    private const string TextSql = $"""
        SELECT {PaperRows.Columns}, -{PaperSearch.Bm25} AS score
        FROM papers_fts CROSS JOIN papers AS p ON p.seq = papers_fts.rowid
        WHERE papers_fts MATCH $match AND p.first_seen >= $since AND {NotSeedOnly} /*filters*/
        ORDER BY score DESC, p.seq DESC
        LIMIT $limit
        """;

    private const string FilterSql = $"""
        SELECT {PaperRows.Columns}, 0.0 AS score
        FROM papers AS p
        WHERE p.first_seen >= $since AND {NotSeedOnly} /*filters*/
        ORDER BY p.seq DESC
        LIMIT $limit
        """;

    private const string ExcludeSql = " AND p.seq NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH $exclude)";

    /// <summary>Null when <paramref name="query"/> is a valid search; otherwise the search's message saying why not.</summary>
    public string? Validate(string query) =>
        SearchQuery.Parse(query, timeProvider) is { Query: not null } ? null : SearchQuery.Parse(query, timeProvider).Error ?? "nothing to search for";

    /// <summary>Matching papers first seen at or after <paramref name="since"/>, with a relevance in [0, 1] (1 = best).</summary>
    public async Task<List<(Paper Paper, double Relevance)>> FindAsync(string query, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var parsed = SearchQuery.Parse(query, timeProvider).Query;
        if (parsed is null)
        {
            // Stored topics were valid when saved; a parser change that rejects them now matches nothing rather than everything.
            return [];
        }

        var filters = new SearchFilters(parsed);
        var found = new List<(Paper Paper, double Score)>();
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            var extra = filters.Sql;
            if (parsed.MatchExpression is { } match)
            {
                command.CommandText = TextSql.Replace("/*filters*/", extra, StringComparison.Ordinal);
                command.Parameters.AddWithValue("$match", match);
            }
            else
            {
                if (parsed.ExclusionExpression is { } exclude)
                {
                    extra += ExcludeSql;
                    command.Parameters.AddWithValue("$exclude", exclude);
                }

                command.CommandText = FilterSql.Replace("/*filters*/", extra, StringComparison.Ordinal);
            }

            command.Parameters.AddWithValue("$since", PaperRows.FormatTime(since));
            command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
            filters.Bind(command);
            try
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        found.Add((PaperRows.Read(reader, out _), reader.GetDouble(PaperRows.ColumnCount)));
                    }
                }
            }
            catch (SqliteException)
            {
                // The search's translation makes every input valid FTS5; should it not, the digest skips the topic filter's matches.
                return [];
            }
        }

        var best = found.Count == 0 ? 0 : found.Max(f => f.Score);
        return [.. found.Select(f => (f.Paper, best > 0 ? f.Score / best : 0.0))];
    }
}
