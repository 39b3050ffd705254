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

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    // A host disposed synchronously (IHost.Dispose) needs this too: the container refuses async-only singletons there.
    public void Dispose() => dataSource.Dispose();
}
