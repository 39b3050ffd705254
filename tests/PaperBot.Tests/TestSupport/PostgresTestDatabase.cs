using Npgsql;

namespace PaperBot.Tests.TestSupport;

/// <summary>
/// A fresh PostgreSQL database on the test server named by <c>PAPERBOT_TEST_POSTGRES</c> (a connection string;
/// <c>.ci/run</c> starts a throwaway server and sets it), dropped on dispose. Tests that need one are marked
/// <see cref="PostgresFactAttribute"/>/<see cref="PostgresTheoryAttribute"/>: they skip, with the reason shown,
/// only when the variable is not set; a set but unreachable server fails them.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "PAPERBOT_TEST_POSTGRES";

    private readonly string serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The test server's connection string, or null when the PostgreSQL tests are not configured.</summary>
    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why PostgreSQL tests skip on this machine; null when they run.</summary>
    public static string? SkipReason => ServerConnectionString is null
        ? $"{Variable} is not set: .ci/run starts a PostgreSQL server for these tests (see README)."
        : null;

    public string Name { get; }

    /// <summary>Connects to this test's own database.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = ServerConnectionString
            ?? throw new InvalidOperationException($"{Variable} is not set; mark the test [PostgresFact].");
        var name = "pbtest_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new PostgresTestDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact that needs the PostgreSQL test server; skips with the reason when none is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresTestDatabase.SkipReason;
    }
}

/// <summary>A theory that needs the PostgreSQL test server; skips with the reason when none is configured.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        Skip = PostgresTestDatabase.SkipReason;
    }
}
