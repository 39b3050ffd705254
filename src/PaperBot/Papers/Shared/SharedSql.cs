using Npgsql;

namespace PaperBot.Papers.Shared;

internal static class SharedSql
{
    /// <summary>Takes <see cref="PaperSharing.WriteLockKey"/> until <paramref name="transaction"/> ends.</summary>
    public static async Task LockWritesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PaperSharing.WriteLockKey})", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
