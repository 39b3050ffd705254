using Npgsql;
using NpgsqlTypes;

namespace PaperBot.Papers.Shared;

/// <summary>
/// Upserts papers into the shared <c>papers</c> table with the same merge as the embedded store
/// (<see cref="PaperMerge"/>). Every writer of the fleet holds <see cref="PaperSharing.WriteLockKey"/> until it
/// commits: two processes storing the same paper merge one after the other, so the first-seen time a digest
/// decides by is the one stored first and every process reads the same value, and change numbers become visible
/// in the order they were taken (a replica reading "after N" never skips a row committed late).
/// </summary>
internal static class SharedPaperWriter
{
    private const string SelectSql = $"SELECT {SharedPaperRow.Columns} FROM papers WHERE id = ANY(@ids)";

    private const string InsertSql = """
        INSERT INTO papers (id, version, title, abstract, authors, published, updated, categories, primary_category,
                            code_url, project_url, upvotes, comments, ai_summary, ai_keywords, sources, first_seen, changed_at)
        VALUES (@id, @version, @title, @abstract, @authors, @published, @updated, @categories, @primary_category,
                @code_url, @project_url, @upvotes, @comments, @ai_summary, @ai_keywords, @sources, @first_seen, @changed_at)
        """;

    // first_seen keeps the earlier of the two whatever the merge said: it decides what every digest calls new.
    private const string UpdateSql = """
        UPDATE papers
        SET version = @version, title = @title, abstract = @abstract, authors = @authors, published = @published,
            updated = @updated, categories = @categories, primary_category = @primary_category, code_url = @code_url,
            project_url = @project_url, upvotes = @upvotes, comments = @comments, ai_summary = @ai_summary,
            ai_keywords = @ai_keywords, sources = @sources, first_seen = least(first_seen, @first_seen), changed_at = @changed_at
        WHERE id = @id
        """;

    public static async Task<UpsertSummary> UpsertAsync(
        NpgsqlConnection connection, IEnumerable<Paper> papers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var incoming = new List<Paper>();
        foreach (var paper in papers)
        {
            var normalized = PaperMerge.Normalize(paper) with { Updated = PaperRows.Truncate(paper.Updated) };
            if (normalized.Id.Length == 0)
            {
                throw new ArgumentException("A paper needs an id.", nameof(papers));
            }

            // An export being restored keeps when PaperBot first saw each paper (never later than now), as in PaperWriter.
            var firstSeen = paper.FirstSeen is { } seen && seen < now ? seen : now;
            incoming.Add(normalized with { FirstSeen = PaperRows.Truncate(firstSeen) });
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await SharedSql.LockWritesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var stored = await ReadAsync(connection, transaction, incoming.Select(p => p.Id).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken)
                .ConfigureAwait(false);

            var summary = default(UpsertSummary);
            var pending = new Dictionary<string, (Paper Paper, bool New)>(StringComparer.Ordinal);
            foreach (var paper in incoming)
            {
                if (!pending.TryGetValue(paper.Id, out var current))
                {
                    if (!stored.TryGetValue(paper.Id, out var existing))
                    {
                        pending[paper.Id] = (paper, true);
                        summary = summary.Add(UpsertOutcome.Inserted);
                        continue;
                    }

                    current = (existing, false);
                }

                // The earliest first-seen of all writers wins, whichever committed first: the digests of every process agree on it.
                var merged = PaperMerge.Merge(current.Paper, paper) with { FirstSeen = Earliest(current.Paper.FirstSeen, paper.FirstSeen) };
                if (PaperMerge.SameContent(current.Paper, merged))
                {
                    summary = summary.Add(UpsertOutcome.Unchanged);
                    continue;
                }

                pending[paper.Id] = (merged, current.New);
                summary = summary.Add(UpsertOutcome.Updated);
            }

            if (pending.Count > 0)
            {
                using var batch = new NpgsqlBatch(connection, transaction);
                foreach (var (paper, isNew) in pending.Values)
                {
                    batch.BatchCommands.Add(Command(isNew ? InsertSql : UpdateSql, paper, now));
                }

                batch.BatchCommands.Add(new NpgsqlBatchCommand($"NOTIFY {PaperSharing.Channel}"));
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return summary;
        }
    }

    private static async Task<Dictionary<string, Paper>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, Paper>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(SelectSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = SharedPaperRow.Read(reader);
                stored[row.Id] = row.ToPaper();
            }
        }

        return stored;
    }

    private static NpgsqlBatchCommand Command(string sql, Paper paper, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand(sql);
        var p = command.Parameters;
        p.Add(Text("id", paper.Id));
        p.Add(new NpgsqlParameter<int>("version", paper.Version));
        p.Add(Text("title", paper.Title));
        p.Add(Text("abstract", paper.Abstract));
        p.Add(Text("authors", PaperJsonContext.ToJsonArray(paper.Authors)));
        p.Add(Text("published", paper.Published is { } published ? PaperRows.FormatDate(published) : null));
        p.Add(Text("updated", paper.Updated is { } updated ? PaperRows.FormatTime(updated) : null));
        p.Add(Text("categories", PaperJsonContext.ToJsonArray(paper.Categories)));
        p.Add(Text("primary_category", paper.PrimaryCategory));
        p.Add(Text("code_url", paper.CodeUrl));
        p.Add(Text("project_url", paper.ProjectUrl));
        p.Add(new NpgsqlParameter("upvotes", NpgsqlDbType.Integer) { Value = (object?)paper.Upvotes ?? DBNull.Value });
        p.Add(new NpgsqlParameter("comments", NpgsqlDbType.Integer) { Value = (object?)paper.Comments ?? DBNull.Value });
        p.Add(Text("ai_summary", paper.AiSummary));
        p.Add(Text("ai_keywords", PaperJsonContext.ToJsonArray(paper.AiKeywords)));
        p.Add(Text("sources", PaperJsonContext.ToJsonArray(paper.Sources)));
        p.Add(Text("first_seen", PaperRows.FormatTime(paper.FirstSeen ?? now)));
        p.Add(Text("changed_at", PaperRows.FormatTime(now)));
        return command;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
