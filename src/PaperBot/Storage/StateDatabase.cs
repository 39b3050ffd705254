using System.Data.Common;
using PaperBot.Storage.Postgres;

namespace PaperBot.Storage;

/// <summary>
/// Where the bot's state lives (libraries, subscriptions, the digest ledger, server memory, the club, app state):
/// the process's SQLite file by default, or the PostgreSQL database a fleet shares (<c>Storage:Provider = postgres</c>).
/// Papers and their search index never come from here: they stay in the SQLite file (<see cref="SqliteConnectionFactory"/>).
/// Stores write SQL both engines accept; where they differ, <see cref="Sql"/> picks the variant next to the query.
/// </summary>
public sealed class StateDatabase
{
    private readonly SqliteConnectionFactory? sqlite;
    private readonly PostgresDatabase? postgres;

    /// <summary>State in the SQLite file (the embedded mode, and tests).</summary>
    public StateDatabase(SqliteConnectionFactory sqlite)
    {
        this.sqlite = sqlite ?? throw new ArgumentNullException(nameof(sqlite));
        Provider = StorageProvider.Sqlite;
    }

    /// <summary>State in a shared PostgreSQL database.</summary>
    public StateDatabase(PostgresDatabase postgres)
    {
        this.postgres = postgres ?? throw new ArgumentNullException(nameof(postgres));
        Provider = StorageProvider.Postgres;
    }

    public StorageProvider Provider { get; }

    public bool IsPostgres => Provider == StorageProvider.Postgres;

    /// <summary>Opens a connection to the state (with the SQLite pragmas in sqlite mode).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        postgres is not null
            ? await postgres.OpenAsync(cancellationToken).ConfigureAwait(false)
            : await sqlite!.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The SQL text for this provider, where the two engines need different words.</summary>
    public string Sql(string sqlite, string postgres) => IsPostgres ? postgres : sqlite;
}
