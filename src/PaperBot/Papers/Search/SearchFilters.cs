using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

/// <summary>
/// The SQL side of a query (categories and dates) as a parameterized fragment over the <c>papers</c>
/// alias <c>p</c>. User values only ever travel as parameters.
/// </summary>
internal sealed class SearchFilters
{
    // The YYMM an arXiv id starts with (after "archive/" for old-style ids), as the first day of that month.
    private const string IdDigits = "(CASE WHEN instr(p.id, '/') > 0 THEN substr(p.id, instr(p.id, '/') + 1) ELSE p.id END)";
    private const string IdMonth =
        $"((CASE WHEN substr({IdDigits}, 1, 2) >= '91' THEN '19' ELSE '20' END) || substr({IdDigits}, 1, 2) || '-' || substr({IdDigits}, 3, 2) || '-01')";

    // Papers without a publication date are dated by the month of their arXiv id (its first day), as they
    // are shown. Written as an OR rather than coalesce() so SQLite can still use the published index.
    private const string DateColumnGe = "(p.published >= {0} OR (p.published IS NULL AND " + IdMonth + " >= {0}))";
    private const string DateColumnLt = "(p.published < {0} OR (p.published IS NULL AND " + IdMonth + " < {0}))";

    private readonly List<KeyValuePair<string, object>> parameters = [];

    /// <summary>No filters.</summary>
    public static SearchFilters None { get; } = new(new SearchQuery());

    /// <param name="query">The parsed query.</param>
    /// <param name="byCategoryRows">
    /// Read the wanted categories' papers from <c>paper_categories</c> rather than test each paper's own list: what a
    /// rare category wants (it reads only its papers); a common one is cheaper tested paper by paper as they come.
    /// </param>
    public SearchFilters(SearchQuery query, bool byCategoryRows = false)
    {
        var parts = new List<string>();
        if (query.Categories.Count > 0)
        {
            if (byCategoryRows)
            {
                CategoryRowsSql = $"SELECT pc.seq FROM paper_categories AS pc WHERE {CategoryRowCondition(query.Categories)}";
                parts.Add($"p.seq IN ({CategoryRowsSql})");
            }
            else
            {
                parts.Add($"EXISTS (SELECT 1 FROM json_each(p.categories) AS c WHERE {CategoryCondition(query.Categories, "cat")})");
            }
        }

        if (query.ExcludedCategories.Count > 0)
        {
            parts.Add($"NOT EXISTS (SELECT 1 FROM json_each(p.categories) AS c WHERE {CategoryCondition(query.ExcludedCategories, "xcat")})");
        }

        if (query.Since is { } since)
        {
            parameters.Add(new("$since", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            parts.Add(string.Format(CultureInfo.InvariantCulture, DateColumnGe, "$since"));
        }

        if (query.Before is { } before)
        {
            parameters.Add(new("$before", before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            parts.Add(string.Format(CultureInfo.InvariantCulture, DateColumnLt, "$before"));
        }

        Sql = string.Concat(parts.Select(p => " AND " + p));
    }

    /// <summary>With <c>byCategoryRows</c>, the row ids of the papers in a wanted category; else null.</summary>
    public string? CategoryRowsSql { get; }

    /// <summary>Empty, or conditions each starting with <c> AND </c>.</summary>
    public string Sql { get; }

    public bool IsEmpty => Sql.Length == 0;

    public void Bind(SqliteCommand command)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    // The same matches as CategoryCondition, as ranges of the category index (NOCASE, as the column is).
    private string CategoryRowCondition(IReadOnlyList<string> categories)
    {
        var conditions = new List<string>();
        for (var i = 0; i < categories.Count; i++)
        {
            var name = $"$rcat{i}";
            parameters.Add(new(name, categories[i]));
            conditions.Add(categories[i].Contains('.', StringComparison.Ordinal)
                ? $"pc.category = {name}"
                : $"(pc.category = {name} OR (pc.category >= {name} || '.' AND pc.category < {name} || '/'))");
        }

        return string.Join(" OR ", conditions);
    }

    private string CategoryCondition(IReadOnlyList<string> categories, string prefix)
    {
        var conditions = new List<string>();
        for (var i = 0; i < categories.Count; i++)
        {
            var name = $"${prefix}{i}";
            var category = categories[i];
            if (category.Contains('.', StringComparison.Ordinal))
            {
                parameters.Add(new(name, category));
                conditions.Add($"c.value = {name} COLLATE NOCASE");
            }
            else
            {
                // A bare archive ("cs", "hep-th") covers its sub-categories too.
                parameters.Add(new(name, category));
                parameters.Add(new(name + "p", category + ".%"));
                conditions.Add($"(c.value = {name} COLLATE NOCASE OR c.value LIKE {name}p)");
            }
        }

        return string.Join(" OR ", conditions);
    }
}
