using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    private async Task<SearchResults> FilterSearchAsync(SqliteConnection connection, SearchQuery query, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        var filters = new SearchFilters(query);
        var exclusion = query.ExclusionExpression is null
            ? ""
            : ExclusionSql;
        var order = sort == SearchSort.Upvotes
            ? "coalesce(p.upvotes, -1) DESC, p.published DESC, p.first_seen DESC"
            : "p.published DESC, p.first_seen DESC";

        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM papers AS p WHERE 1 = 1{filters.Sql}{exclusion}";
        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT {PaperRows.Columns} FROM papers AS p WHERE 1 = 1{filters.Sql}{exclusion}
            ORDER BY {order} LIMIT $limit OFFSET $offset
            """;
        foreach (var command in new[] { count, select })
        {
            filters.Bind(command);
            if (query.ExclusionExpression is { } excluded)
            {
                command.Parameters.AddWithValue("$exclude", excluded);
            }
        }

        select.Parameters.AddWithValue("$limit", page.Limit);
        select.Parameters.AddWithValue("$offset", page.Offset);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        var hits = new List<SearchHit>();
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var paper = PaperRows.Read(reader, out _);
                var text = paper.Abstract.Length > 0 ? paper.Abstract : paper.Title;
                hits.Add(new SearchHit(paper, 0, SnippetFormatter.Plain(text, PlainSnippetLength)));
            }
        }

        return new SearchResults { TotalCount = total, Hits = hits, SortedBy = sort == SearchSort.Upvotes ? SearchSort.Upvotes : SearchSort.Newest };
    }
}
