using Dapper;

namespace PaperBot.Storage;

/// <summary>
/// Small named values that must survive restarts (the registered command definition hash, the last
/// ingest time, ...). Keys are owned by their feature; pick a dotted prefix such as <c>commands.hash</c>.
/// </summary>
public sealed class AppStateStore(StateDatabase connectionFactory, TimeProvider timeProvider)
{
    private const string GetSql = "SELECT value FROM app_state WHERE key = @Key";

    private const string GetEntrySql = "SELECT key AS Key, value AS Value, updated_at AS UpdatedAt FROM app_state WHERE key = @Key";

    private const string SetSql = """
        INSERT INTO app_state (key, value, updated_at) VALUES (@Key, @Value, @UpdatedAt)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """;

    private const string DeleteSql = "DELETE FROM app_state WHERE key = @Key";

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(GetSql, new { Key = key }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
        }
    }

    /// <summary>The value and when it was last set, or null when the key was never set.</summary>
    public async Task<AppStateEntry?> GetEntryAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<EntryRow>(new CommandDefinition(GetEntrySql, new { Key = key }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return row is null
                ? null
                : new AppStateEntry(row.Key, row.Value, DbValues.TryParseTime(row.UpdatedAt) ?? DateTimeOffset.MinValue);
        }
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var args = new { Key = key, Value = value, UpdatedAt = DbValues.Time(timeProvider.GetUtcNow()) };
            await connection.ExecuteAsync(new CommandDefinition(SetSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { Key = key }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        }
    }

    private sealed record EntryRow(string Key, string Value, string UpdatedAt);
}

/// <summary>A stored value with the time it was last set (UTC).</summary>
public sealed record AppStateEntry(string Key, string Value, DateTimeOffset UpdatedAt);
