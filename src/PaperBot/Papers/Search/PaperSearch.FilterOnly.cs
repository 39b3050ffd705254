using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>Categories with fewer papers than this are read through <c>paper_categories</c> (see <see cref="CategoriesAreRareAsync"/>).</summary>
    private const int RareCategoryPapers = 5_000;

    /// <summary>False: check every paper's own category list, as before the category index (for the benchmark).</summary>
    internal bool ReadsRareCategoriesByIndex { get; init; } = true;

    private async Task<SearchResults> FilterSearchAsync(SqliteConnection connection, SearchQuery query, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        var filters = new SearchFilters(query);
        if (query.Categories.Count > 0 && ReadsRareCategoriesByIndex && await CategoriesAreRareAsync(connection, new SearchFilters(query, byCategoryRows: true), cancellationToken).ConfigureAwait(false))
        {
            filters = new SearchFilters(query, byCategoryRows: true);
        }

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

    /// <summary>
    /// Whether the wanted categories hold few enough papers to read them by the category index and sort them: a
    /// common one is cheaper read in the page's order, stopping once the page is full. Counts at most that many.
    /// </summary>
    private static async Task<bool> CategoriesAreRareAsync(SqliteConnection connection, SearchFilters byRows, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM ({byRows.CategoryRowsSql} LIMIT $rare)";
        command.Parameters.AddWithValue("$rare", RareCategoryPapers);
        byRows.Bind(command);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L) < RareCategoryPapers;
    }
}
