using Microsoft.Extensions.Options;
using Npgsql;

namespace PaperBot.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database of a fleet (<c>Storage:Provider = postgres</c>): one pooled data source per
/// process. The connection string is a secret: it is never logged, and errors name only host and database.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource dataSource;

    public PostgresDatabase(IOptions<StorageOptions> options)
        : this(options.Value.ConnectionString ?? throw new InvalidOperationException($"{StorageOptions.SectionName}:ConnectionString is not set."))
    {
    }

    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
        dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Host, port and database, safe to print (no credentials).</summary>
    public string Description { get; }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Null when the database answers <c>SELECT 1</c>, else why not, on one line naming host, port and database
    /// only (never the connection string).
    /// </summary>
    public async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1 ? null : $"shared {Description} did not answer SELECT 1";
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // A server's refusal names the user; keep to its SQLSTATE. Npgsql's own errors name host and port only.
            var reason = ex is PostgresException refused ? $"refused ({refused.SqlState})" : ex.Message.ReplaceLineEndings(" ");
            return $"shared {Description} unreachable: {reason}";
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    // A host disposed synchronously (IHost.Dispose) needs this too: the container refuses async-only singletons there.
    public void Dispose() => dataSource.Dispose();
}
