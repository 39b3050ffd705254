using Microsoft.Data.Sqlite;
using PaperBot.Papers.Search;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// What a query demands of every paper, by meaning as by words: its categories and dates, its <c>author:</c>
/// terms and quoted phrases, and its <c>-exclusions</c>. Plain words are not demands here: a paper close in
/// meaning may use other words.
/// </summary>
internal sealed class SemanticRestrictions
{
    private readonly SearchFilters filters;
    private readonly string? must;
    private readonly string? exclude;

    public SemanticRestrictions(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        filters = new SearchFilters(query);
        var demanded = query.Groups.Where(g => g.All(IsDemand)).ToArray();
        must = demanded.Length == 0 ? null : (query with { Groups = demanded }).MatchExpression;
        exclude = demanded.Length == 0 ? query.ExclusionExpression : null;
    }

    public bool IsEmpty => filters.IsEmpty && must is null && exclude is null;

    /// <summary>An author term or a phrase of several words (a user who quotes words asks for them together).</summary>
    public static bool IsDemand(SearchTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return term.Field == SearchField.Authors || term.Text.Any(char.IsWhiteSpace);
    }

    /// <summary>
    /// Which of these row ids meet the demands and still have a current vector of <paramref name="model"/>,
    /// with their paper ids.
    /// </summary>
    public async Task<Dictionary<long, string>> CheckAsync(SqliteConnection connection, string model, IEnumerable<long> seqs, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT p.seq, p.id FROM papers AS p
            WHERE p.seq IN (SELECT value FROM json_each($seqs)){filters.Sql}{TextConditions()}
              AND EXISTS (SELECT 1 FROM paper_vectors AS v WHERE v.seq = p.seq AND v.model = $model)
            """;
        command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', seqs) + "]");
        command.Parameters.AddWithValue("$model", model);
        Bind(command);
        var allowed = new Dictionary<long, string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                allowed[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        return allowed;
    }

    /// <summary>
    /// Every paper that meets the demands, or null when more than <paramref name="limit"/> do (then no more than
    /// that many row ids are read): for a query whose demands few of the nearest papers meet.
    /// </summary>
    public async Task<HashSet<long>?> AllowedAsync(SqliteConnection connection, int limit, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = (must is null
            ? $"SELECT p.seq FROM papers AS p WHERE 1 = 1{filters.Sql}{TextConditions()}"
            : $"SELECT p.seq FROM papers_fts CROSS JOIN papers AS p ON p.seq = papers_fts.rowid WHERE papers_fts MATCH $must{filters.Sql}")
            + " LIMIT $limit";
        Bind(command);
        command.Parameters.AddWithValue("$limit", limit + 1L);
        var allowed = new HashSet<long>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                allowed.Add(reader.GetInt64(0));
            }
        }

        return allowed.Count > limit ? null : allowed;
    }

    private string TextConditions() =>
        (must is null ? "" : " AND EXISTS (SELECT 1 FROM papers_fts WHERE papers_fts MATCH $must AND papers_fts.rowid = p.seq)")
        + (exclude is null ? "" : " AND NOT EXISTS (SELECT 1 FROM papers_fts WHERE papers_fts MATCH $exclude AND papers_fts.rowid = p.seq)");

    private void Bind(SqliteCommand command)
    {
        filters.Bind(command);
        if (must is not null)
        {
            command.Parameters.AddWithValue("$must", must);
        }

        if (exclude is not null)
        {
            command.Parameters.AddWithValue("$exclude", exclude);
        }
    }
}
