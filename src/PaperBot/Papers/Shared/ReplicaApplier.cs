using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Shared;

/// <summary>
/// Writes shared rows into the local SQLite read model verbatim, under the shared row number, keeping both
/// full-text indexes in step as <see cref="PaperWriter"/> does. One instance per local transaction.
/// </summary>
internal sealed class ReplicaApplier : IDisposable
{
    private const string SelectSql = "SELECT title, authors, abstract, ai_keywords FROM papers WHERE seq = $seq";

    private const string InsertSql = """
        INSERT INTO papers (seq, id, version, title, abstract, authors, published, updated, categories, primary_category,
                            code_url, project_url, upvotes, comments, ai_summary, ai_keywords, sources, first_seen, changed_at)
        VALUES ($seq, $id, $version, $title, $abstract, $authors, $published, $updated, $categories, $primary_category,
                $code_url, $project_url, $upvotes, $comments, $ai_summary, $ai_keywords, $sources, $first_seen, $changed_at)
        """;

    // The local trigger of 0008 drops the vector when the text changes, exactly as the shared trigger did.
    private const string UpdateSql = """
        UPDATE papers
        SET id = $id, version = $version, title = $title, abstract = $abstract, authors = $authors, published = $published,
            updated = $updated, categories = $categories, primary_category = $primary_category, code_url = $code_url,
            project_url = $project_url, upvotes = $upvotes, comments = $comments, ai_summary = $ai_summary,
            ai_keywords = $ai_keywords, sources = $sources, first_seen = $first_seen, changed_at = $changed_at
        WHERE seq = $seq
        """;

    private const string VectorSql = """
        INSERT INTO paper_vectors (seq, model, stamp, scale, vector) VALUES ($seq, $model, $stamp, $scale, $vector)
        ON CONFLICT (seq) DO UPDATE SET model = excluded.model, stamp = excluded.stamp, scale = excluded.scale, vector = excluded.vector
        """;

    private const string NextStampSql = "SELECT coalesce(max(stamp), 0) + 1 FROM paper_vectors";

    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly List<SqliteCommand> commands = [];
    private readonly SqliteCommand select;
    private readonly SqliteCommand insert;
    private readonly SqliteCommand update;
    private readonly SqliteCommand index;
    private readonly SqliteCommand unindex;
    private readonly SqliteCommand indexTitle;
    private readonly SqliteCommand unindexTitle;
    private readonly SqliteCommand indexCategories;

    public ReplicaApplier(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
        select = Create(SelectSql, "$seq");
        insert = Create(InsertSql, PaperWriter.RowParameters);
        update = Create(UpdateSql, PaperWriter.RowParameters);
        index = Create(PaperWriter.IndexSql, PaperWriter.IndexParameters);
        unindex = Create(PaperWriter.UnindexSql, PaperWriter.IndexParameters);
        indexTitle = Create(PaperWriter.IndexTitleSql, "$seq", "$title");
        unindexTitle = Create(PaperWriter.UnindexTitleSql, "$seq", "$title");
        indexCategories = Create(PaperWriter.IndexCategoriesSql, PaperWriter.CategoryParameters);
    }

    public void Apply(SharedPaperRow row)
    {
        select.Parameters[0].Value = row.Seq;
        string[]? old = null;
        using (var reader = select.ExecuteReader())
        {
            if (reader.Read())
            {
                old = [reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)];
            }
        }

        if (old is null)
        {
            Bind(insert, row).ExecuteNonQuery();
            PaperWriter.IndexCategories(indexCategories, row.Seq, insert.Parameters["$categories"].Value!);
            Index(index, indexTitle, row.Seq, row.Title, row.Authors, row.Abstract, row.AiKeywords);
            return;
        }

        var textChanged = old[0] != row.Title || old[1] != row.Authors || old[2] != row.Abstract || old[3] != row.AiKeywords;
        var titleChanged = old[0] != row.Title;
        if (textChanged)
        {
            // An FTS5 'delete' must repeat what was indexed, byte for byte: the local row as it stands.
            Index(unindex, titleChanged ? unindexTitle : null, row.Seq, old[0], old[1], old[2], old[3]);
        }

        Bind(update, row).ExecuteNonQuery();
        if (textChanged)
        {
            Index(index, titleChanged ? indexTitle : null, row.Seq, row.Title, row.Authors, row.Abstract, row.AiKeywords);
        }
    }

    /// <summary>Stores vectors under one new local stamp, so the in-memory index reads them at its next refresh.</summary>
    public void ApplyVectors(IReadOnlyList<SharedVectorRow> rows)
    {
        var next = Create(NextStampSql);
        var stamp = (long)next.ExecuteScalar()!;
        var command = Create(VectorSql, "$seq", "$model", "$stamp", "$scale", "$vector");
        foreach (var row in rows)
        {
            var p = command.Parameters;
            p[0].Value = row.Seq;
            p[1].Value = row.Model;
            p[2].Value = stamp;
            p[3].Value = row.Scale;
            p[4].Value = row.Vector;
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        foreach (var command in commands)
        {
            command.Dispose();
        }
    }

    private static void Index(SqliteCommand fts, SqliteCommand? titleFts, long seq, string title, string authors, string @abstract, string aiKeywords)
    {
        var p = fts.Parameters;
        p[0].Value = seq;
        p[1].Value = title;
        p[2].Value = authors;
        p[3].Value = @abstract;
        p[4].Value = aiKeywords;
        fts.ExecuteNonQuery();
        if (titleFts is not null)
        {
            titleFts.Parameters[0].Value = seq;
            titleFts.Parameters[1].Value = title;
            titleFts.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Bind(SqliteCommand command, SharedPaperRow row)
    {
        var p = command.Parameters;
        p[0].Value = row.Seq;
        p[1].Value = row.Id;
        p[2].Value = row.Version;
        p[3].Value = row.Title;
        p[4].Value = row.Abstract;
        p[5].Value = row.Authors;
        p[6].Value = (object?)row.Published ?? DBNull.Value;
        p[7].Value = (object?)row.Updated ?? DBNull.Value;
        p[8].Value = row.Categories;
        p[9].Value = (object?)row.PrimaryCategory ?? DBNull.Value;
        p[10].Value = (object?)row.CodeUrl ?? DBNull.Value;
        p[11].Value = (object?)row.ProjectUrl ?? DBNull.Value;
        p[12].Value = (object?)row.Upvotes ?? DBNull.Value;
        p[13].Value = (object?)row.Comments ?? DBNull.Value;
        p[14].Value = (object?)row.AiSummary ?? DBNull.Value;
        p[15].Value = row.AiKeywords;
        p[16].Value = row.Sources;
        p[17].Value = row.FirstSeen;
        p[18].Value = row.ChangedAt;
        return command;
    }

    private SqliteCommand Create(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        commands.Add(command);
        return command;
    }
}
