using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperBot.Storage;

namespace PaperBot.Hosting.Observability;

/// <summary>
/// Folds the WAL back into the database file when the host stops (SIGTERM in a container), so the file on the
/// volume is complete on its own and the next start has no log to replay. Register it before the services that
/// write: hosted services stop in reverse order, so it runs after they have finished.
/// </summary>
public sealed partial class WalCheckpointOnStop(SqliteConnectionFactory connections, ILogger<WalCheckpointOnStop> logger) : IHostedService
{
    private const string CheckpointSql = "PRAGMA wal_checkpoint(TRUNCATE)";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(CheckpointSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            Log.Checkpointed(logger);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or DatabaseOpenException)
        {
            // The WAL is replayed on the next start anyway: a failed checkpoint loses nothing.
            Log.CheckpointFailed(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9010, Level = LogLevel.Debug, Message = "WAL checkpointed on shutdown")]
        public static partial void Checkpointed(ILogger logger);

        [LoggerMessage(EventId = 9011, Level = LogLevel.Warning, Message = "WAL checkpoint on shutdown failed: {Reason}")]
        public static partial void CheckpointFailed(ILogger logger, string reason);
    }
}
