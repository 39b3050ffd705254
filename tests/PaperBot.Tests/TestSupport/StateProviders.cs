using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;
using Xunit.Sdk;

namespace PaperBot.Tests.TestSupport;

/// <summary>A theory row that runs the test with the state in SQLite (the embedded default).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SqliteProviderAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.Sqlite]];
}

/// <summary>
/// A theory row that runs the test with the state in PostgreSQL; reported skipped, with the reason, only when no
/// test server is configured (<see cref="PostgresTestDatabase.Variable"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresProviderAttribute : DataAttribute
{
    public PostgresProviderAttribute()
    {
        Skip = PostgresTestDatabase.SkipReason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.Postgres]];
}

/// <summary>
/// A migrated state database for a provider: for SQLite the given file's factory (already migrated by the caller's
/// fixture); for PostgreSQL a fresh test database with the real PostgreSQL migrations, dropped on dispose.
/// </summary>
public sealed class TestStateDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase? server;
    private readonly PostgresDatabase? postgres;

    private TestStateDatabase(StateDatabase state, PostgresTestDatabase? server, PostgresDatabase? postgres)
    {
        State = state;
        this.server = server;
        this.postgres = postgres;
    }

    public StateDatabase State { get; }

    /// <summary>The PostgreSQL test database's connection string; null for SQLite.</summary>
    public string? ConnectionString => server?.ConnectionString;

    public static async Task<TestStateDatabase> CreateAsync(StorageProvider provider, SqliteConnectionFactory sqlite)
    {
        if (provider == StorageProvider.Sqlite)
        {
            return new TestStateDatabase(new StateDatabase(sqlite), null, null);
        }

        var server = await PostgresTestDatabase.CreateAsync();
        var postgres = new PostgresDatabase(server.ConnectionString);
        await new PostgresMigrator(postgres, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return new TestStateDatabase(new StateDatabase(postgres), server, postgres);
    }

    /// <summary>A fresh PostgreSQL database for a host (nothing for SQLite): the settings that point a host at it.</summary>
    public static async Task<PostgresTestDatabase?> CreateServerAsync(StorageProvider provider) =>
        provider == StorageProvider.Postgres ? await PostgresTestDatabase.CreateAsync() : null;

    /// <summary>The configuration keys that point a host at <paramref name="database"/> (none for SQLite).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(PostgresTestDatabase? database) =>
        database is null
            ? []
            : [new("Storage:Provider", "postgres"), new("Storage:ConnectionString", database.ConnectionString)];

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
