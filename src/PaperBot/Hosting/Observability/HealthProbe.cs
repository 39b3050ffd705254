using Dapper;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Hosting.Observability;

/// <summary>
/// Whether the bot can do its job: the database answers (with <c>Storage:Provider = postgres</c>, the shared
/// PostgreSQL database too) and, when Discord is used, the gateway is ready.
/// </summary>
public sealed class HealthProbe(SqliteConnectionFactory connections, Func<bool?>? gatewayReady = null, PostgresDatabase? shared = null)
{
    private const string PingSql = "SELECT 1";

    /// <summary>Null when healthy, otherwise the reason.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        // Null means no gateway in this process (the local shell): not applicable, not unhealthy.
        if (gatewayReady?.Invoke() is false)
        {
            return "gateway not connected";
        }

        try
        {
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var answer = await connection.ExecuteScalarAsync<long>(new CommandDefinition(PingSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (answer != 1)
                {
                    return "database did not answer SELECT 1";
                }
            }
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or DatabaseOpenException)
        {
            return $"database unavailable: {ex.Message}";
        }

        return shared is null ? null : await shared.PingAsync(cancellationToken).ConfigureAwait(false);
    }
}
