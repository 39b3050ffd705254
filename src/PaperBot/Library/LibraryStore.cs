using System.Globalization;
using Dapper;
using PaperBot.Memory;
using PaperBot.Storage;

namespace PaperBot.Library;

/// <summary>
/// A user's saved papers (<c>saved_papers</c>, migration 0002) and the reaction that made a save
/// (<c>library_reaction_saves</c>, 0004). Saving is idempotent: one row per user and paper. A save in a
/// server is also remembered in that server's memory ("saved by 5").
/// </summary>
public sealed class LibraryStore(StateDatabase connections, TimeProvider timeProvider, ServerMemory? memory = null)
{
    private const string SaveSql = """
        INSERT INTO saved_papers (user_id, paper_id, guild_id, channel_id, saved_at, source)
        VALUES (@UserId, @PaperId, @GuildId, @ChannelId, @SavedAt, @Source)
        ON CONFLICT (user_id, paper_id) DO NOTHING
        """;

    private const string RecordReactionSql = """
        INSERT INTO library_reaction_saves (user_id, paper_id, channel_id, message_id, guild_id, saved_at)
        VALUES (@UserId, @PaperId, @ChannelId, @MessageId, @GuildId, @SavedAt)
        ON CONFLICT (user_id, paper_id) DO NOTHING
        """;

    // Deleting the reaction row decides whether the save goes too: two processes handling the same un-react
    // cannot both see it (a read-then-delete could, under PostgreSQL's concurrent writers).
    private const string DeleteReactionSaveOfMessageSql = """
        DELETE FROM library_reaction_saves
        WHERE user_id = @UserId AND paper_id = @PaperId AND channel_id = @ChannelId AND message_id = @MessageId
        """;

    private const string DeleteReactionSaveSql = "DELETE FROM library_reaction_saves WHERE user_id = @UserId AND paper_id = @PaperId";

    private const string DeleteSaveSql = "DELETE FROM saved_papers WHERE user_id = @UserId AND paper_id = @PaperId";

    private const string ListSql = """
        SELECT paper_id AS PaperId, saved_at AS SavedAt, source AS Source
        FROM saved_papers WHERE user_id = @UserId
        ORDER BY saved_at DESC, paper_id
        """;

    private const string TopSql = """
        SELECT paper_id AS PaperId, count(*) AS Count
        FROM saved_papers WHERE guild_id = @GuildId AND saved_at >= @Since
        GROUP BY paper_id ORDER BY count(*) DESC, max(saved_at) DESC, paper_id
        LIMIT @Limit
        """;

    private const string ChannelSql = """
        SELECT paper_id AS PaperId, count(*) AS Count
        FROM saved_papers WHERE channel_id = @ChannelId
        GROUP BY paper_id ORDER BY count(*) DESC, max(saved_at) DESC, paper_id
        LIMIT @Limit
        """;

    /// <summary>Saves a paper; false when the user had already saved it.</summary>
    public async Task<bool> SaveAsync(ulong userId, string paperId, ulong? guildId, ulong? channelId, string source, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var saved = await connection.ExecuteAsync(new CommandDefinition(SaveSql, new
            {
                UserId = DbValues.ToDb(userId),
                PaperId = paperId,
                GuildId = guildId is { } g ? DbValues.ToDb(g) : (long?)null,
                ChannelId = channelId is { } c ? DbValues.ToDb(c) : (long?)null,
                SavedAt = DbValues.Time(timeProvider.GetUtcNow()),
                Source = source,
            }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            await RememberAsync(saved, userId, paperId, guildId, channelId, messageId: null, cancellationToken).ConfigureAwait(false);
            return saved;
        }
    }

    private async Task RememberAsync(bool saved, ulong userId, string paperId, ulong? guildId, ulong? channelId, ulong? messageId, CancellationToken cancellationToken)
    {
        if (saved && memory is not null && guildId is { } guild && channelId is { } channel)
        {
            await memory.RecordAsync(
                new MemoryEvent { GuildId = guild, ChannelId = channel, PaperId = paperId, Kind = MemoryKinds.Saved, MessageId = messageId, UserId = userId },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Saves through a reaction; the reaction is remembered only when it made the save, so un-reacting never
    /// takes away a paper the user saved before by other means. False when already saved (a replayed event).
    /// </summary>
    public async Task<bool> SaveFromReactionAsync(ulong userId, string paperId, ulong? guildId, ulong channelId, ulong messageId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var args = new
                {
                    UserId = DbValues.ToDb(userId),
                    PaperId = paperId,
                    GuildId = guildId is { } g ? DbValues.ToDb(g) : (long?)null,
                    ChannelId = DbValues.ToDb(channelId),
                    MessageId = DbValues.ToDb(messageId),
                    SavedAt = DbValues.Time(timeProvider.GetUtcNow()),
                    Source = SaveSources.Reaction,
                };
                var saved = await connection.ExecuteAsync(new CommandDefinition(SaveSql, args, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
                if (saved)
                {
                    await connection.ExecuteAsync(new CommandDefinition(RecordReactionSql, args, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                await RememberAsync(saved, userId, paperId, guildId, channelId, messageId, cancellationToken).ConfigureAwait(false);
                return saved;
            }
        }
    }

    /// <summary>Undoes a save made by a reaction on this very message; false when there was none.</summary>
    public async Task<bool> RemoveReactionSaveAsync(ulong userId, string paperId, ulong channelId, ulong messageId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var args = new { UserId = DbValues.ToDb(userId), PaperId = paperId, ChannelId = DbValues.ToDb(channelId), MessageId = DbValues.ToDb(messageId) };
                var found = await connection.ExecuteAsync(new CommandDefinition(DeleteReactionSaveOfMessageSql, args, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (found == 0)
                {
                    return false;
                }

                await connection.ExecuteAsync(new CommandDefinition(DeleteSaveSql, args, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <summary>Removes a paper from the library however it was saved; false when it was not there.</summary>
    public async Task<bool> RemoveAsync(ulong userId, string paperId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var args = new { UserId = DbValues.ToDb(userId), PaperId = paperId };
            await connection.ExecuteAsync(new CommandDefinition(DeleteReactionSaveSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return await connection.ExecuteAsync(new CommandDefinition(DeleteSaveSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        }
    }

    /// <summary>The user's saves, newest first.</summary>
    public async Task<IReadOnlyList<SavedPaper>> ListAsync(ulong userId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<SavedRow>(new CommandDefinition(ListSql, new { UserId = DbValues.ToDb(userId) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new SavedPaper(r.PaperId, DateTimeOffset.Parse(r.SavedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), r.Source ?? ""))];
        }
    }

    /// <summary>The papers most saved in a server since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<PaperSaveCount>> TopInGuildAsync(ulong guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(TopSql, new { GuildId = DbValues.ToDb(guildId), Since = DbValues.Time(since), Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new PaperSaveCount(r.PaperId, (int)r.Count))];
        }
    }

    /// <summary>The papers saved from this channel's posts.</summary>
    public async Task<IReadOnlyList<PaperSaveCount>> SavedFromChannelAsync(ulong channelId, int limit, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(ChannelSql, new { ChannelId = DbValues.ToDb(channelId), Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new PaperSaveCount(r.PaperId, (int)r.Count))];
        }
    }

    private sealed class SavedRow
    {
        public string PaperId { get; init; } = "";

        public string SavedAt { get; init; } = "";

        public string? Source { get; init; }
    }

    // Property-mapped: on an empty result SQLite reports no column types, which breaks constructor matching.
    private sealed class CountRow
    {
        public string PaperId { get; init; } = "";

        public long Count { get; init; }
    }
}
