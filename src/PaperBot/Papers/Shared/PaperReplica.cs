using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using PaperBot.Storage;

namespace PaperBot.Papers.Shared;

/// <summary>
/// With shared papers: this process's SQLite file as a read model of the shared <c>papers</c> and
/// <c>paper_vectors</c> tables. <see cref="PullAsync"/> copies every row changed after the local cursors, verbatim,
/// papers first and then vectors, from one snapshot (so a vector always lands on the text it was made from);
/// the first pull builds the whole model, with progress in the log. Writes go to the shared tables and are pulled
/// back at once (<see cref="WriteAsync"/>), so the writing process sees them before it answers.
/// </summary>
public sealed partial class PaperReplica(
    PaperSharing sharing, SqliteConnectionFactory connectionFactory, TimeProvider timeProvider, ILogger<PaperReplica> logger)
{
    private const int Chunk = 2000;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);

    public bool Enabled => sharing.Enabled;

    /// <summary>Stores papers in the shared table (merged as the embedded store merges), then pulls.</summary>
    public async Task<UpsertSummary> WriteAsync(IEnumerable<Paper> papers, CancellationToken cancellationToken)
    {
        var connection = await sharing.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        UpsertSummary summary;
        await using (connection.ConfigureAwait(false))
        {
            summary = await SharedPaperWriter.UpsertAsync(connection, papers, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        await PullAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>Stores vectors in the shared table (each only if its paper still has that text), then pulls.</summary>
    public async Task<int> WriteVectorsAsync(
        string model, IReadOnlyList<(long Seq, string Title, string Abstract, float Scale, byte[] Vector)> vectors, CancellationToken cancellationToken)
    {
        var connection = await sharing.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        int written;
        await using (connection.ConfigureAwait(false))
        {
            written = await SharedVectorWriter.WriteAsync(connection, model, vectors, cancellationToken).ConfigureAwait(false);
        }

        await PullAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>
    /// The right to embed papers now, with the local model pulled up to date under it (so this process sees every
    /// vector another one wrote); null when another process is embedding. Without sharing, always granted.
    /// </summary>
    public async Task<EmbeddingClaim?> ClaimEmbeddingAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return EmbeddingClaim.Unshared;
        }

        var claim = await EmbeddingClaim.TryTakeAsync(sharing, cancellationToken).ConfigureAwait(false);
        if (claim is not null)
        {
            try
            {
                await PullAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await claim.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return claim;
    }

    /// <summary>Brings the local read model up to date; returns how many rows it applied.</summary>
    public async Task<long> PullAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var local = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (local.ConfigureAwait(false))
            {
                var shared = await sharing.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (shared.ConfigureAwait(false))
                {
                    // One snapshot for both tables; writers serialize on the write lock, so it holds a prefix of the change numbers.
                    var snapshot = await shared.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                    await using (snapshot.ConfigureAwait(false))
                    {
                        var applied = await PullChangesAsync(local, shared, snapshot, cancellationToken).ConfigureAwait(false);
                        await snapshot.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return applied;
                    }
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<long> PullChangesAsync(SqliteConnection local, NpgsqlConnection shared, NpgsqlTransaction snapshot, CancellationToken cancellationToken)
    {
        var origin = (string)(await Scalar(shared, snapshot, "SELECT id FROM paper_origin", cancellationToken).ConfigureAwait(false))!;
        var cursor = ReplicaCursor.Read(local);
        var building = cursor is null || cursor.Origin != origin;
        if (building)
        {
            ReplicaCursor.Reset(local, origin);
            Log.Reset(logger, sharing.Database.Description);
            cursor = new ReplicaCursor(origin, 0, 0);
        }

        cursor ??= new ReplicaCursor(origin, 0, 0);

        var total = building
            ? Convert.ToInt64(await Scalar(shared, snapshot, "SELECT count(*) FROM papers", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        var started = timeProvider.GetTimestamp();
        var lastReport = started;
        var papers = 0L;
        while (true)
        {
            var rows = await ReadAsync(shared, snapshot, $"SELECT {SharedPaperRow.Columns} FROM papers WHERE change_seq > @after ORDER BY change_seq LIMIT {Chunk}", cursor.Papers, SharedPaperRow.Read, cancellationToken)
                .ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }

            cursor = cursor with { Papers = rows[^1].ChangeSeq };
            Apply(local, cursor, applier => rows.ForEach(applier.Apply));
            papers += rows.Count;
            if (building && timeProvider.GetElapsedTime(lastReport) >= ProgressEvery)
            {
                lastReport = timeProvider.GetTimestamp();
                Log.Progress(logger, papers, total, papers / Math.Max(0.001, timeProvider.GetElapsedTime(started).TotalSeconds));
            }
        }

        var vectors = 0L;
        while (true)
        {
            var rows = await ReadAsync(shared, snapshot, $"SELECT seq, model, scale, vector, change_seq FROM paper_vectors WHERE change_seq > @after ORDER BY change_seq LIMIT {Chunk}", cursor.Vectors, ReadVector, cancellationToken)
                .ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }

            cursor = cursor with { Vectors = rows[^1].ChangeSeq };
            Apply(local, cursor, applier => applier.ApplyVectors(rows));
            vectors += rows.Count;
        }

        if (building)
        {
            Log.Built(logger, papers, vectors, timeProvider.GetElapsedTime(started).TotalSeconds, papers / Math.Max(0.001, timeProvider.GetElapsedTime(started).TotalSeconds));
        }
        else if (papers + vectors > 0)
        {
            Log.Pulled(logger, papers, vectors);
        }

        return papers + vectors;
    }

    private static void Apply(SqliteConnection local, ReplicaCursor cursor, Action<ReplicaApplier> apply)
    {
        using var transaction = local.BeginTransaction(deferred: false);
        using (var applier = new ReplicaApplier(local, transaction))
        {
            apply(applier);
        }

        cursor.Write(local, transaction);
        transaction.Commit();
    }

    private static SharedVectorRow ReadVector(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetDouble(2), (byte[])reader.GetValue(3), reader.GetInt64(4));

    private static async Task<List<T>> ReadAsync<T>(
        NpgsqlConnection shared, NpgsqlTransaction snapshot, string sql, long after, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, shared, snapshot);
        command.Parameters.AddWithValue("after", after);
        var rows = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }
        }

        return rows;
    }

    private static async Task<object?> Scalar(NpgsqlConnection shared, NpgsqlTransaction snapshot, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, shared, snapshot);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Building the local paper index from the {Database}")]
        public static partial void Reset(ILogger logger, string database);

        [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "Local paper index: {Done} of {Total} papers ({Rate:0} papers/s)")]
        public static partial void Progress(ILogger logger, long done, long total, double rate);

        [LoggerMessage(EventId = 1032, Level = LogLevel.Information, Message = "Local paper index built: {Papers} papers and {Vectors} vectors in {Seconds:0.0} s ({Rate:0} papers/s)")]
        public static partial void Built(ILogger logger, long papers, long vectors, double seconds, double rate);

        [LoggerMessage(EventId = 1033, Level = LogLevel.Debug, Message = "Pulled {Papers} changed papers and {Vectors} vectors")]
        public static partial void Pulled(ILogger logger, long papers, long vectors);
    }
}
