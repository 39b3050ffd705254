using Npgsql;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Storage;

public sealed class PostgresTestServerTests
{
    [PostgresFact]
    public async Task CreateAsync_ConfiguredServer_GivesAnEmptyDatabaseOfItsOwnDroppedOnDispose()
    {
        string name;
        await using (var database = await PostgresTestDatabase.CreateAsync())
        {
            name = database.Name;
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(name, reader.GetString(0));
            Assert.Equal(0, reader.GetInt64(1));
        }

        await using var server = new NpgsqlConnection(PostgresTestDatabase.ServerConnectionString);
        await server.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
        exists.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }
}
