using Microsoft.Data.Sqlite;

namespace PaperBot.Papers;

/// <summary>
/// Upserts papers inside one open transaction with three prepared commands reused for every row: the
/// bulk import path, where per-row command creation and SQL parsing would dominate.
/// </summary>
internal sealed class PaperWriter : IDisposable
{
    private const string SelectSql = $"SELECT {PaperRows.Columns} FROM papers AS p WHERE p.id = $id";

    private const string InsertSql = """
        INSERT INTO papers (id, version, title, abstract, authors, published, updated, categories, primary_category,
                            code_url, project_url, upvotes, comments, ai_summary, ai_keywords, sources, first_seen, changed_at)
        VALUES ($id, $version, $title, $abstract, $authors, $published, $updated, $categories, $primary_category,
                $code_url, $project_url, $upvotes, $comments, $ai_summary, $ai_keywords, $sources, $first_seen, $changed_at)
        """;

    private const string UpdateSql = """
        UPDATE papers
        SET version = $version, title = $title, abstract = $abstract, authors = $authors, published = $published,
            updated = $updated, categories = $categories, primary_category = $primary_category, code_url = $code_url,
            project_url = $project_url, upvotes = $upvotes, comments = $comments, ai_summary = $ai_summary,
            ai_keywords = $ai_keywords, sources = $sources, first_seen = $first_seen, changed_at = $changed_at
        WHERE id = $id
        """;

    private static readonly string[] ParameterNames =
    [
        "$id", "$version", "$title", "$abstract", "$authors", "$published", "$updated", "$categories", "$primary_category",
        "$code_url", "$project_url", "$upvotes", "$comments", "$ai_summary", "$ai_keywords", "$sources", "$first_seen", "$changed_at",
    ];

    private readonly SqliteCommand select;
    private readonly SqliteCommand insert;
    private readonly SqliteCommand update;

    public PaperWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        select = Create(connection, transaction, SelectSql, ["$id"]);
        insert = Create(connection, transaction, InsertSql, ParameterNames);
        update = Create(connection, transaction, UpdateSql, ParameterNames);
    }

    public UpsertOutcome Upsert(Paper incoming, DateTimeOffset now)
    {
        var paper = PaperMerge.Normalize(incoming) with { Updated = PaperRows.Truncate(incoming.Updated) };
        if (paper.Id.Length == 0)
        {
            throw new ArgumentException("A paper needs an id.", nameof(incoming));
        }

        var existing = Find(paper.Id);
        if (existing is null)
        {
            Bind(insert, paper with { FirstSeen = PaperRows.Truncate(now) }, now);
            insert.ExecuteNonQuery();
            return UpsertOutcome.Inserted;
        }

        var merged = PaperMerge.Merge(existing, paper);
        if (PaperMerge.SameContent(existing, merged))
        {
            return UpsertOutcome.Unchanged;
        }

        Bind(update, merged, now);
        update.ExecuteNonQuery();
        return UpsertOutcome.Updated;
    }

    public void Dispose()
    {
        select.Dispose();
        insert.Dispose();
        update.Dispose();
    }

    private Paper? Find(string id)
    {
        select.Parameters[0].Value = id;
        using var reader = select.ExecuteReader();
        return reader.Read() ? PaperRows.Read(reader, out _) : null;
    }

    private static void Bind(SqliteCommand command, Paper paper, DateTimeOffset now)
    {
        var p = command.Parameters;
        p[0].Value = paper.Id;
        p[1].Value = paper.Version;
        p[2].Value = paper.Title;
        p[3].Value = paper.Abstract;
        p[4].Value = PaperJsonContext.ToJsonArray(paper.Authors);
        p[5].Value = paper.Published is { } published ? PaperRows.FormatDate(published) : DBNull.Value;
        p[6].Value = paper.Updated is { } updated ? PaperRows.FormatTime(updated) : DBNull.Value;
        p[7].Value = PaperJsonContext.ToJsonArray(paper.Categories);
        p[8].Value = (object?)paper.PrimaryCategory ?? DBNull.Value;
        p[9].Value = (object?)paper.CodeUrl ?? DBNull.Value;
        p[10].Value = (object?)paper.ProjectUrl ?? DBNull.Value;
        p[11].Value = (object?)paper.Upvotes ?? DBNull.Value;
        p[12].Value = (object?)paper.Comments ?? DBNull.Value;
        p[13].Value = (object?)paper.AiSummary ?? DBNull.Value;
        p[14].Value = PaperJsonContext.ToJsonArray(paper.AiKeywords);
        p[15].Value = PaperJsonContext.ToJsonArray(paper.Sources);
        p[16].Value = PaperRows.FormatTime(paper.FirstSeen ?? now);
        p[17].Value = PaperRows.FormatTime(now);
    }

    private static SqliteCommand Create(SqliteConnection connection, SqliteTransaction transaction, string sql, string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
