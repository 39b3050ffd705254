using Npgsql;

namespace PaperBot.Papers.Shared;

/// <summary>
/// The fleet-wide right to embed papers (<see cref="PaperSharing.EmbedLockKey"/>, a session advisory lock): a
/// changed or new paper is embedded by one process, and the others receive its vector by replication.
/// </summary>
public sealed class EmbeddingClaim : IAsyncDisposable
{
    private readonly NpgsqlConnection? connection;

    private EmbeddingClaim(NpgsqlConnection? connection)
    {
        this.connection = connection;
    }

    /// <summary>Held by nobody else: what the embedded mode gets.</summary>
    public static EmbeddingClaim Unshared { get; } = new(null);

    /// <summary>The claim, or null when another process holds it.</summary>
    internal static async Task<EmbeddingClaim?> TryTakeAsync(PaperSharing sharing, CancellationToken cancellationToken)
    {
        var connection = await sharing.Database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PaperSharing.EmbedLockKey})", connection);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return new EmbeddingClaim(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is null)
        {
            return;
        }

        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({PaperSharing.EmbedLockKey})", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
