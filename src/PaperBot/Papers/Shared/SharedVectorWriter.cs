using Npgsql;
using NpgsqlTypes;

namespace PaperBot.Papers.Shared;

/// <summary>Writes embedding vectors to the shared <c>paper_vectors</c> table.</summary>
internal static class SharedVectorWriter
{
    // Only when the shared paper still has the text that was embedded, as in the embedded store.
    private const string WriteSql = """
        INSERT INTO paper_vectors (seq, model, scale, vector)
        SELECT p.seq, @model, @scale, @vector FROM papers AS p
        WHERE p.seq = @seq AND p.title = @title AND p.abstract = @abstract
        ON CONFLICT (seq) DO UPDATE SET model = excluded.model, scale = excluded.scale, vector = excluded.vector
        """;

    public static async Task<int> WriteAsync(
        NpgsqlConnection connection, string model, IReadOnlyList<(long Seq, string Title, string Abstract, float Scale, byte[] Vector)> vectors, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await SharedSql.LockWritesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var written = 0;
            await using (var command = new NpgsqlCommand(WriteSql, connection, transaction))
            {
                var p = command.Parameters;
                p.Add(new NpgsqlParameter("model", NpgsqlDbType.Text) { Value = model });
                var seq = p.Add(new NpgsqlParameter("seq", NpgsqlDbType.Bigint));
                var title = p.Add(new NpgsqlParameter("title", NpgsqlDbType.Text));
                var @abstract = p.Add(new NpgsqlParameter("abstract", NpgsqlDbType.Text));
                var scale = p.Add(new NpgsqlParameter("scale", NpgsqlDbType.Double));
                var vector = p.Add(new NpgsqlParameter("vector", NpgsqlDbType.Bytea));
                foreach (var v in vectors)
                {
                    seq.Value = v.Seq;
                    title.Value = v.Title;
                    @abstract.Value = v.Abstract;
                    scale.Value = (double)v.Scale;
                    vector.Value = v.Vector;
                    written += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await using (var notify = new NpgsqlCommand($"NOTIFY {PaperSharing.Channel}", connection, transaction))
            {
                await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
    }
}
