using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PaperBot.Storage.Postgres;

/// <summary>
/// Brings the shared PostgreSQL database to the newest embedded schema (<c>Storage/Postgres/Migrations</c>),
/// tracked in <c>schema_version</c>. Processes of a fleet that start together take a transaction-level advisory
/// lock, so exactly one applies each script; a database migrated further than this build knows is refused.
/// </summary>
public sealed partial class PostgresMigrator(PostgresDatabase database, ILogger<PostgresMigrator> logger)
{
    /// <summary>Advisory lock key for schema changes ("PBMIGRAT" as a 64-bit number).</summary>
    private const long MigrationLockKey = 0x50424D4947524154;

    private readonly IReadOnlyList<MigrationScript> scripts = MigrationScript.LoadEmbeddedPostgres();

    /// <summary>The schema version this build writes.</summary>
    public int LatestVersion => scripts.Count;

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new DatabaseOpenException($"Cannot reach the {database.Description}: {ex.Message}", ex);
        }

        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(
                    connection,
                    transaction,
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, migrated_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                    cancellationToken).ConfigureAwait(false);
                var current = await ReadVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (current > LatestVersion)
                {
                    throw new DatabaseOpenException(
                        $"The {database.Description} has schema version {current}, newer than the {LatestVersion} this PaperBot knows. Upgrade PaperBot; the database was not modified.");
                }

                foreach (var script in scripts.Where(s => s.Number > current))
                {
                    await ExecuteAsync(connection, transaction, script.Sql, cancellationToken).ConfigureAwait(false);
                    Log.Applied(logger, script.Name);
                }

                if (current < LatestVersion)
                {
                    await ExecuteAsync(connection, transaction, "DELETE FROM schema_version", cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({LatestVersion})", cancellationToken).ConfigureAwait(false);
                    Log.Migrated(logger, database.Description, current, LatestVersion);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new MigrationResult(current, LatestVersion);
            }
        }
    }

    private static async Task<long> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection, transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Applied PostgreSQL migration {Script}")]
        public static partial void Applied(ILogger logger, string script);

        [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "{Database} migrated from schema {From} to {To}")]
        public static partial void Migrated(ILogger logger, string database, long from, int to);
    }
}
