using Microsoft.Extensions.Logging;
using Npgsql;
using PaperBot.Discord.Gateway;
using PaperBot.Storage.Postgres;

namespace PaperBot.Hosting.Fleet;

/// <summary>
/// The fleet's IDENTIFY gate over the shared PostgreSQL database: a session advisory lock per
/// <c>max_concurrency</c> bucket, taken before IDENTIFY and held until that bucket's interval (plus a margin for the
/// IDENTIFY's travel) has passed after it was sent, so no two processes identify in one bucket within 5 s. A process that dies mid-hold loses its
/// connection, and PostgreSQL releases the lock with it.
/// </summary>
public sealed partial class PostgresIdentifyGate(PostgresDatabase database, TimeProvider time, ILogger<PostgresIdentifyGate> logger) : IGatewayIdentifyGate
{
    /// <summary>First key of the two-key advisory lock ('PBID'): keeps these locks apart from the migrator's and others'.</summary>
    public const int LockSpace = 0x50424944;

    /// <summary>
    /// Discord counts an IDENTIFY when it arrives, and this process's arrived some unknown time after it was sent: the
    /// hold is the interval plus this much (or a tenth of the interval, if more), so the next process's IDENTIFY,
    /// arriving promptly, still lands a whole interval later. A second covers a retransmitted segment or two (TCP's
    /// retransmission timeout is at least 200 ms) and a busy receiver; an IDENTIFY refused as too soon costs its
    /// shard a reconnect and another interval, where the margin costs one second per round of the bucket.
    /// </summary>
    public static readonly TimeSpan MinArrivalMargin = TimeSpan.FromSeconds(1);

    private const string LockSql = "SELECT pg_advisory_lock(@space, @bucket)";
    private const string UnlockSql = "SELECT pg_advisory_unlock(@space, @bucket)";

    public async Task<IAsyncDisposable> EnterAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(LockSql, connection);
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("bucket", bucket);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            Log.Entered(logger, bucket, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new Lease(this, connection, bucket, interval);
    }

    private async Task HoldThenReleaseAsync(NpgsqlConnection connection, int bucket, TimeSpan interval)
    {
        try
        {
            // Not the shard's token: the hold must outlive the connection that identified (it may close at once).
            var margin = interval / 10 > MinArrivalMargin ? interval / 10 : MinArrivalMargin;
            await Task.Delay(interval + margin, time, CancellationToken.None).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(UnlockSql, connection);
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("bucket", bucket);
            await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            Log.Released(logger, bucket);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Closing the connection below releases the lock all the same.
            Log.ReleaseFailed(logger, bucket, ex.Message);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Lease(PostgresIdentifyGate gate, NpgsqlConnection connection, int bucket, TimeSpan interval) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _ = gate.HoldThenReleaseAsync(connection, bucket, interval);
            }

            return ValueTask.CompletedTask;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6190, Level = LogLevel.Warning, Message = "Could not release the identify lock of bucket {Bucket} ({Error}); closing its connection releases it")]
        public static partial void ReleaseFailed(ILogger logger, int bucket, string error);

        [LoggerMessage(EventId = 6191, Level = LogLevel.Debug, Message = "Took the identify lock of bucket {Bucket} after {WaitMs:0} ms")]
        public static partial void Entered(ILogger logger, int bucket, double waitMs);

        [LoggerMessage(EventId = 6192, Level = LogLevel.Debug, Message = "Released the identify lock of bucket {Bucket}")]
        public static partial void Released(ILogger logger, int bucket);
    }
}
