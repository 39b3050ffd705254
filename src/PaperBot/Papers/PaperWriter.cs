using Microsoft.Data.Sqlite;

namespace PaperBot.Papers;

/// <summary>
/// Upserts papers inside one open write transaction, keeping both full-text indexes in step (see
/// 0001_papers.sql for why this is not done by triggers). Commands are prepared once and reused for every
/// row: this is the bulk import path, where per-row command creation and SQL parsing would dominate.
/// </summary>
internal sealed class PaperWriter : IDisposable
{
    private const string NextSeqSql = "SELECT coalesce(max(seq), 0) + 1 FROM papers";

    private const string SelectSql = $"SELECT {PaperRows.Columns} FROM papers AS p WHERE p.id = $id";

    // New ids are the common case on import: try the insert first and only look the row up on conflict.
    private const string InsertSql = """
        INSERT INTO papers (seq, id, version, title, abstract, authors, published, updated, categories, primary_category,
                            code_url, project_url, upvotes, comments, ai_summary, ai_keywords, sources, first_seen, changed_at)
        VALUES ($seq, $id, $version, $title, $abstract, $authors, $published, $updated, $categories, $primary_category,
                $code_url, $project_url, $upvotes, $comments, $ai_summary, $ai_keywords, $sources, $first_seen, $changed_at)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string UpdateSql = """
        UPDATE papers
        SET version = $version, title = $title, abstract = $abstract, authors = $authors, published = $published,
            updated = $updated, categories = $categories, primary_category = $primary_category, code_url = $code_url,
            project_url = $project_url, upvotes = $upvotes, comments = $comments, ai_summary = $ai_summary,
            ai_keywords = $ai_keywords, sources = $sources, first_seen = $first_seen, changed_at = $changed_at
        WHERE seq = $seq AND id = $id
        """;

    internal const string IndexSql = """
        INSERT INTO papers_fts (rowid, title, authors, abstract, ai_keywords) VALUES ($seq, $title, $authors, $abstract, $ai_keywords)
        """;

    internal const string UnindexSql = """
        INSERT INTO papers_fts (papers_fts, rowid, title, authors, abstract, ai_keywords)
        VALUES ('delete', $seq, $title, $authors, $abstract, $ai_keywords)
        """;

    /// <summary>
    /// A new paper's rows in the category index (0013, 0017). Not a trigger: a trigger on papers opens a statement
    /// savepoint for every insert, at which FTS5 writes its pending terms out, one tiny segment per paper. This
    /// statement opens none (OR IGNORE cannot abort).
    /// </summary>
    internal const string IndexCategoriesSql = """
        INSERT OR IGNORE INTO paper_categories (category, seq) SELECT value, $seq FROM json_each($categories) WHERE type = 'text'
        """;

    internal static readonly string[] CategoryParameters = ["$seq", "$categories"];

    internal const string IndexTitleSql = "INSERT INTO papers_title_fts (rowid, title) VALUES ($seq, $title)";

    internal const string UnindexTitleSql = "INSERT INTO papers_title_fts (papers_title_fts, rowid, title) VALUES ('delete', $seq, $title)";

    /// <summary>A paper row's parameters, shared with the replica's applier (same columns).</summary>
    internal static readonly string[] RowParameters =
    [
        "$seq", "$id", "$version", "$title", "$abstract", "$authors", "$published", "$updated", "$categories", "$primary_category",
        "$code_url", "$project_url", "$upvotes", "$comments", "$ai_summary", "$ai_keywords", "$sources", "$first_seen", "$changed_at",
    ];

    internal static readonly string[] IndexParameters = ["$seq", "$title", "$authors", "$abstract", "$ai_keywords"];

    private static readonly string[] TitleParameters = ["$seq", "$title"];

    private readonly SqliteCommand select;
    private readonly SqliteCommand insert;
    private readonly SqliteCommand update;
    private readonly SqliteCommand index;
    private readonly SqliteCommand unindex;
    private readonly SqliteCommand indexTitle;
    private readonly SqliteCommand unindexTitle;
    private readonly SqliteCommand indexCategories;
    private long nextSeq;

    public PaperWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        using (var next = Create(connection, transaction, NextSeqSql, []))
        {
            // The caller holds the write lock for the whole transaction, so no one else can take these numbers.
            nextSeq = (long)next.ExecuteScalar()!;
        }

        select = Create(connection, transaction, SelectSql, ["$id"]);
        insert = Create(connection, transaction, InsertSql, RowParameters);
        update = Create(connection, transaction, UpdateSql, RowParameters);
        index = Create(connection, transaction, IndexSql, IndexParameters);
        unindex = Create(connection, transaction, UnindexSql, IndexParameters);
        indexTitle = Create(connection, transaction, IndexTitleSql, TitleParameters);
        unindexTitle = Create(connection, transaction, UnindexTitleSql, TitleParameters);
        indexCategories = Create(connection, transaction, IndexCategoriesSql, CategoryParameters);
    }

    public UpsertOutcome Upsert(Paper incoming, DateTimeOffset now)
    {
        var paper = PaperMerge.Normalize(incoming) with { Updated = PaperRows.Truncate(incoming.Updated) };
        if (paper.Id.Length == 0)
        {
            throw new ArgumentException("A paper needs an id.", nameof(incoming));
        }

        // An export being restored keeps when PaperBot first saw each paper (never later than now), so a
        // re-import round-trips exactly and restored papers do not look new to the digests.
        var firstSeen = incoming.FirstSeen is { } seen && seen < now ? seen : now;
        var fresh = new Row(nextSeq, paper with { FirstSeen = PaperRows.Truncate(firstSeen) });
        Bind(insert, fresh, now);
        if (insert.ExecuteNonQuery() == 1)
        {
            nextSeq++;
            IndexCategories(indexCategories, fresh.Seq, insert.Parameters["$categories"].Value!);
            Index(index, indexTitle, fresh);
            return UpsertOutcome.Inserted;
        }

        var existing = Find(paper.Id);
        var merged = new Row(existing.Seq, PaperMerge.Merge(existing.Paper, paper));
        if (PaperMerge.SameContent(existing.Paper, merged.Paper))
        {
            return UpsertOutcome.Unchanged;
        }

        var textChanged = existing.Title != merged.Title || existing.Authors != merged.Authors
            || existing.Abstract != merged.Abstract || existing.AiKeywords != merged.AiKeywords;
        if (textChanged)
        {
            Index(unindex, existing.Title != merged.Title ? unindexTitle : null, existing);
        }

        Bind(update, merged, now);
        update.ExecuteNonQuery();
        if (textChanged)
        {
            Index(index, existing.Title != merged.Title ? indexTitle : null, merged);
        }

        return UpsertOutcome.Updated;
    }

    public void Dispose()
    {
        foreach (var command in new[] { select, insert, update, index, unindex, indexTitle, unindexTitle, indexCategories })
        {
            command.Dispose();
        }
    }

    private Row Find(string id)
    {
        select.Parameters[0].Value = id;
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Paper {id} conflicted on insert but cannot be read.");
        }

        var paper = PaperRows.Read(reader, out var seq);
        // The exact stored text: an FTS5 'delete' must repeat what was indexed, byte for byte.
        return new Row(seq, paper, reader.GetString(5), reader.GetString(14));
    }

    /// <summary>Runs <see cref="IndexCategoriesSql"/> for a paper just inserted, from its categories' JSON array.</summary>
    internal static void IndexCategories(SqliteCommand command, long seq, object categoriesJson)
    {
        command.Parameters[0].Value = seq;
        command.Parameters[1].Value = categoriesJson;
        command.ExecuteNonQuery();
    }

    private static void Index(SqliteCommand fts, SqliteCommand? titleFts, Row row)
    {
        var p = fts.Parameters;
        p[0].Value = row.Seq;
        p[1].Value = row.Title;
        p[2].Value = row.Authors;
        p[3].Value = row.Abstract;
        p[4].Value = row.AiKeywords;
        fts.ExecuteNonQuery();
        if (titleFts is not null)
        {
            titleFts.Parameters[0].Value = row.Seq;
            titleFts.Parameters[1].Value = row.Title;
            titleFts.ExecuteNonQuery();
        }
    }

    private static void Bind(SqliteCommand command, Row row, DateTimeOffset now)
    {
        var paper = row.Paper;
        var p = command.Parameters;
        p[0].Value = row.Seq;
        p[1].Value = paper.Id;
        p[2].Value = paper.Version;
        p[3].Value = row.Title;
        p[4].Value = row.Abstract;
        p[5].Value = row.Authors;
        p[6].Value = paper.Published is { } published ? PaperRows.FormatDate(published) : DBNull.Value;
        p[7].Value = paper.Updated is { } updated ? PaperRows.FormatTime(updated) : DBNull.Value;
        p[8].Value = PaperJsonContext.ToJsonArray(paper.Categories);
        p[9].Value = (object?)paper.PrimaryCategory ?? DBNull.Value;
        p[10].Value = (object?)paper.CodeUrl ?? DBNull.Value;
        p[11].Value = (object?)paper.ProjectUrl ?? DBNull.Value;
        p[12].Value = (object?)paper.Upvotes ?? DBNull.Value;
        p[13].Value = (object?)paper.Comments ?? DBNull.Value;
        p[14].Value = (object?)paper.AiSummary ?? DBNull.Value;
        p[15].Value = row.AiKeywords;
        p[16].Value = PaperJsonContext.ToJsonArray(paper.Sources);
        p[17].Value = PaperRows.FormatTime(paper.FirstSeen ?? now);
        p[18].Value = PaperRows.FormatTime(now);
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

    /// <summary>A paper with its row number and the indexed columns as stored.</summary>
    private sealed class Row(long seq, Paper paper, string? authors = null, string? aiKeywords = null)
    {
        public long Seq { get; } = seq;

        public Paper Paper { get; } = paper;

        public string Title => Paper.Title;

        public string Abstract => Paper.Abstract;

        public string Authors { get; } = authors ?? PaperJsonContext.ToJsonArray(paper.Authors);

        public string AiKeywords { get; } = aiKeywords ?? PaperJsonContext.ToJsonArray(paper.AiKeywords);
    }
}
