using System.Globalization;
using Microsoft.Data.Sqlite;
using PaperBot.Papers.Shared;
using PaperBot.Storage;

namespace PaperBot.Papers.Semantic;

/// <summary>A paper's text to embed, as read from the store.</summary>
public sealed record PaperText(long Seq, string Title, string Abstract);

/// <summary>One stored vector: its paper's row id, the batch stamp it was written with, and the vector.</summary>
public readonly record struct StoredVector(long Seq, long Stamp, QuantizedVector Vector);

/// <summary>
/// The <c>paper_vectors</c> table (migration 0008): which papers lack a vector, writing and reading vectors. With
/// shared papers, vectors are written to the shared table and read from the local read model.
/// </summary>
public sealed class PaperVectorStore(SqliteConnectionFactory connectionFactory, PaperReplica? replica = null)
{
    private const string MissingSql = """
        SELECT p.seq, p.title, p.abstract
        FROM papers AS p LEFT JOIN paper_vectors AS v ON v.seq = p.seq
        WHERE p.seq > $after AND (v.seq IS NULL OR v.model <> $model)
        ORDER BY p.seq
        LIMIT $limit
        """;

    private const string CoverageSql = """
        SELECT (SELECT count(*) FROM paper_vectors WHERE model = $model), (SELECT count(*) FROM papers)
        """;

    // Written only when the paper still has the text that was embedded: an update between the read and this
    // write would otherwise leave a vector of the old text that nothing marks stale.
    private const string WriteSql = """
        INSERT INTO paper_vectors (seq, model, stamp, scale, vector)
        SELECT p.seq, $model, $stamp, $scale, $vector FROM papers AS p
        WHERE p.seq = $seq AND p.title = $title AND p.abstract = $abstract
        ON CONFLICT (seq) DO UPDATE SET model = excluded.model, stamp = excluded.stamp, scale = excluded.scale, vector = excluded.vector
        """;

    private const string NextStampSql = "SELECT coalesce(max(stamp), 0) + 1 FROM paper_vectors";

    private const string MaxStampSql = "SELECT coalesce(max(stamp), 0) FROM paper_vectors";

    /// <summary>Up to <paramref name="limit"/> papers after row id <paramref name="after"/> that have no vector of this model.</summary>
    public async Task<IReadOnlyList<PaperText>> ReadMissingAsync(string model, long after, int limit, CancellationToken cancellationToken)
    {
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = MissingSql;
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$limit", limit);
            var papers = new List<PaperText>(limit);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    papers.Add(new PaperText(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            return papers;
        }
    }

    /// <summary>How many papers have a vector of this model, and how many papers there are.</summary>
    public async Task<(long Embedded, long Papers)> CoverageAsync(string model, CancellationToken cancellationToken)
    {
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = CoverageSql;
            command.Parameters.AddWithValue("$model", model);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return (reader.GetInt64(0), reader.GetInt64(1));
            }
        }
    }

    /// <summary>
    /// Stores the vectors of papers whose text is still <paramref name="papers"/>' in one transaction with one
    /// new stamp; returns how many were stored (a paper changed or deleted meanwhile is skipped).
    /// </summary>
    public async Task<int> WriteAsync(string model, IReadOnlyList<PaperText> papers, IReadOnlyList<QuantizedVector> vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(vectors);
        if (replica is { Enabled: true })
        {
            var shared = papers.Select((p, i) => (p.Seq, p.Title, p.Abstract, vectors[i].Scale, vectors[i].ToBlob())).ToArray();
            return await replica.WriteVectorsAsync(model, shared, cancellationToken).ConfigureAwait(false);
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction();
            var written = Write(connection, transaction, model, papers, vectors);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
    }

    /// <summary><see cref="WriteAsync"/> inside a caller's transaction (seeding runs in the start-up one).</summary>
    internal static int Write(SqliteConnection connection, SqliteTransaction transaction, string model, IReadOnlyList<PaperText> papers, IReadOnlyList<QuantizedVector> vectors)
    {
        using var next = connection.CreateCommand();
        next.Transaction = transaction;
        next.CommandText = NextStampSql;
        var stamp = Convert.ToInt64(next.ExecuteScalar(), CultureInfo.InvariantCulture);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = WriteSql;
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$stamp", stamp);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        var title = command.Parameters.Add("$title", SqliteType.Text);
        var @abstract = command.Parameters.Add("$abstract", SqliteType.Text);
        var scale = command.Parameters.Add("$scale", SqliteType.Real);
        var vector = command.Parameters.Add("$vector", SqliteType.Blob);
        var written = 0;
        for (var i = 0; i < papers.Count; i++)
        {
            seq.Value = papers[i].Seq;
            title.Value = papers[i].Title;
            @abstract.Value = papers[i].Abstract;
            scale.Value = (double)vectors[i].Scale;
            vector.Value = vectors[i].ToBlob();
            written += command.ExecuteNonQuery();
        }

        return written;
    }

    /// <summary>The highest stamp written; 0 when there are no vectors.</summary>
    public async Task<long> MaxStampAsync(CancellationToken cancellationToken)
    {
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = MaxStampSql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Every vector of this model written after <paramref name="afterStamp"/>, with how many there are at most
    /// (to size the reader's arrays once), handed to <paramref name="onVector"/> as they are read.
    /// </summary>
    public async Task ReadSinceAsync(string model, long afterStamp, Action<long, long, float, ReadOnlySpan<byte>> onVector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onVector);
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            // From the start, a plain table scan: going through the stamp index would visit the rows in random order.
            command.CommandText = afterStamp == 0
                ? "SELECT seq, stamp, scale, vector FROM paper_vectors WHERE model = $model"
                : "SELECT seq, stamp, scale, vector FROM paper_vectors WHERE stamp > $after AND model = $model";
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$after", afterStamp);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // The column's value as one array, not GetBytes: with the row id in the result, GetBytes opens an
                    // incremental blob handle per row (a statement compiled each time), most of a 1M-vector load.
                    var vector = reader.GetFieldValue<byte[]>(3);
                    if (vector.Length == EmbeddingModel.Dimensions)
                    {
                        onVector(reader.GetInt64(0), reader.GetInt64(1), (float)reader.GetDouble(2), vector);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Stores the shipped vectors of the sample papers (<see cref="SeedVectors"/>) when they were made by
    /// <paramref name="model"/>; a paper whose text differs from the one they were made from is left to be embedded.
    /// </summary>
    public async Task<int> SeedAsync(string model, CancellationToken cancellationToken)
    {
        var (seedModel, vectors) = SeedVectors.Load();
        if (!string.Equals(seedModel, model, StringComparison.Ordinal))
        {
            return 0;
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT p.seq, p.id, p.title, p.abstract FROM papers AS p WHERE p.id IN (SELECT value FROM json_each($ids))";
            command.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray([.. vectors.Keys]));
            var papers = new List<PaperText>();
            var found = new List<QuantizedVector>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    papers.Add(new PaperText(reader.GetInt64(0), reader.GetString(2), reader.GetString(3)));
                    found.Add(vectors[reader.GetString(1)]);
                }
            }

            if (replica is { Enabled: true })
            {
                // A new shared database: the sample papers were written there and pulled into this read model;
                // their vectors go the same way, so every process of the fleet gets them.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return papers.Count == 0 ? 0 : await WriteAsync(model, papers, found, cancellationToken).ConfigureAwait(false);
            }

            var written = papers.Count == 0 ? 0 : Write(connection, transaction, model, papers, found);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
    }

    /// <summary>Which of these row ids still have a vector of this model (a changed paper's was dropped).</summary>
    public static async Task<HashSet<long>> CurrentAsync(SqliteConnection connection, string model, IEnumerable<long> seqs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM paper_vectors WHERE seq IN (SELECT value FROM json_each($seqs)) AND model = $model";
        command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', seqs) + "]");
        command.Parameters.AddWithValue("$model", model);
        var current = new HashSet<long>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                current.Add(reader.GetInt64(0));
            }
        }

        return current;
    }
}
