using System.Data;
using Dapper;
using PaperBot.Storage;

namespace PaperBot.Memory;

/// <summary>
/// The server memory (<c>server_memory</c>, migration 0010): other features tell it what happened to a paper
/// (<see cref="RecordAsync"/>); <c>/paper show</c> and <c>/paper discussed</c> read it back. Every read is
/// scoped to one guild. A message that both linked a paper and got its card counts as one mention.
/// </summary>
public sealed class ServerMemory(StateDatabase connections, TimeProvider timeProvider)
{
    private const string InsertHead = "INSERT INTO server_memory (guild_id, paper_id, channel_id, message_id, user_id, kind, at)";

    private static readonly string[] InsertValues = ["@GuildId{0}", "@PaperId{0}", "@ChannelId{0}", "@MessageId{0}", "@UserId{0}", "@Kind{0}", "@At"];

    private const string CountsSql = """
        SELECT count(DISTINCT CASE WHEN kind <> 'saved' THEN coalesce(message_id, -id) END) AS Mentions,
               count(DISTINCT CASE WHEN kind = 'saved' THEN user_id END) AS SavedBy,
               coalesce(max(at), '') AS Last
        FROM server_memory WHERE guild_id = @GuildId AND paper_id = @PaperId
        """;

    private const string ChannelsSql = """
        SELECT channel_id FROM server_memory
        WHERE guild_id = @GuildId AND paper_id = @PaperId AND kind <> 'saved'
        GROUP BY channel_id ORDER BY count(*) DESC, max(at) DESC
        LIMIT 5
        """;

    private const string RecentSql = """
        SELECT channel_id AS ChannelId, message_id AS MessageId, max(at) AS At FROM server_memory
        WHERE guild_id = @GuildId AND paper_id = @PaperId AND message_id IS NOT NULL
        GROUP BY channel_id, message_id ORDER BY max(at) DESC
        LIMIT 3
        """;

    private const string DiscussedSql = """
        SELECT paper_id AS PaperId,
               count(DISTINCT CASE WHEN kind <> 'saved' THEN coalesce(message_id, -id) END) AS Mentions,
               count(DISTINCT CASE WHEN kind = 'saved' THEN user_id END) AS SavedBy,
               max(at) AS Last
        FROM server_memory
        WHERE guild_id = @GuildId AND at >= @Since AND (@ChannelId IS NULL OR channel_id = @ChannelId)
        GROUP BY paper_id
        ORDER BY count(DISTINCT CASE WHEN kind <> 'saved' THEN coalesce(message_id, -id) END)
                 + count(DISTINCT CASE WHEN kind = 'saved' THEN user_id END) DESC, max(at) DESC, paper_id
        LIMIT @Limit
        """;

    private const string CardSinceSql = """
        SELECT EXISTS (SELECT 1 FROM server_memory
                       WHERE channel_id = @ChannelId AND paper_id = @PaperId AND kind = 'card' AND at >= @Since)
        """;

    public async Task RecordAsync(MemoryEvent memory, CancellationToken cancellationToken) =>
        await RecordManyAsync([memory], cancellationToken).ConfigureAwait(false);

    public Task RecordManyAsync(IReadOnlyList<MemoryEvent> memories, CancellationToken cancellationToken) =>
        WriteAsync(memories, keep: true, cancellationToken);

    /// <summary>
    /// Runs what <see cref="RecordManyAsync"/> runs for <paramref name="memories"/>, then rolls it back: nothing is
    /// kept (the interaction warm-up's rehearsal of an answer's records).
    /// </summary>
    public Task RehearseAsync(IReadOnlyList<MemoryEvent> memories, CancellationToken cancellationToken) =>
        WriteAsync(memories, keep: false, cancellationToken);

    private async Task WriteAsync(IReadOnlyList<MemoryEvent> memories, bool keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memories);
        if (memories.Count == 0)
        {
            return;
        }

        var at = DbValues.Time(timeProvider.GetUtcNow());
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // The events in one statement, in order (a search page's five were five round trips to PostgreSQL).
                foreach (var chunk in memories.Chunk(MultiRowInsert.MaxRows))
                {
                    var parameters = new DynamicParameters();
                    parameters.Add("At", at, DbType.String);
                    for (var row = 0; row < chunk.Length; row++)
                    {
                        var m = chunk[row];
                        parameters.Add(MultiRowInsert.Name("GuildId{0}", row), DbValues.ToDb(m.GuildId), DbType.Int64);
                        parameters.Add(MultiRowInsert.Name("PaperId{0}", row), m.PaperId, DbType.String);
                        parameters.Add(MultiRowInsert.Name("ChannelId{0}", row), DbValues.ToDb(m.ChannelId), DbType.Int64);
                        parameters.Add(MultiRowInsert.Name("MessageId{0}", row), m.MessageId is { } id ? DbValues.ToDb(id) : null, DbType.Int64);
                        parameters.Add(MultiRowInsert.Name("UserId{0}", row), m.UserId is { } user ? DbValues.ToDb(user) : null, DbType.Int64);
                        parameters.Add(MultiRowInsert.Name("Kind{0}", row), m.Kind, DbType.String);
                    }

                    var sql = MultiRowInsert.Sql(InsertHead, InsertValues, chunk.Length);
                    await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await (keep ? transaction.CommitAsync(cancellationToken) : transaction.RollbackAsync(cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>What <paramref name="guildId"/> remembers of one paper (nothing from any other server).</summary>
    public async Task<PaperMemory> ForPaperAsync(ulong guildId, string paperId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var args = new { GuildId = DbValues.ToDb(guildId), PaperId = paperId };
            var counts = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition(CountsSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var channels = await connection.QueryAsync<long>(new CommandDefinition(ChannelsSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var recent = await connection.QueryAsync<MessageRow>(new CommandDefinition(RecentSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new PaperMemory(
                paperId,
                (int)counts.Mentions,
                [.. channels.Select(DbValues.FromDb)],
                (int)counts.SavedBy,
                counts.Last.Length > 0 ? DbValues.ParseTime(counts.Last) : null,
                [.. recent.Select(r => new MemoryMessage(guildId, DbValues.FromDb(r.ChannelId), DbValues.FromDb(r.MessageId), DbValues.ParseTime(r.At)))]);
        }
    }

    /// <summary>The server's most discussed papers since <paramref name="since"/>, optionally in one channel.</summary>
    public async Task<IReadOnlyList<PaperMemory>> DiscussedAsync(ulong guildId, DateTimeOffset since, ulong? channelId, int limit, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<DiscussedRow>(new CommandDefinition(DiscussedSql, new
            {
                GuildId = DbValues.ToDb(guildId),
                Since = DbValues.Time(since),
                ChannelId = channelId is { } c ? DbValues.ToDb(c) : (long?)null,
                Limit = limit,
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new PaperMemory(r.PaperId, (int)r.Mentions, [], (int)r.SavedBy, DbValues.ParseTime(r.Last), []))];
        }
    }

    /// <summary>Whether PaperBot showed this paper's card in this channel since <paramref name="since"/>.</summary>
    public async Task<bool> CardShownSinceAsync(ulong channelId, string paperId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CardSinceSql, new
            {
                ChannelId = DbValues.ToDb(channelId),
                PaperId = paperId,
                Since = DbValues.Time(since),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
        }
    }

    // Classes rather than positional records: Dapper maps these by name, whatever type SQLite reports for max().
    // (PostgreSQL folds the unquoted aliases to lower case; Dapper matches names ignoring case.)
    private sealed class CountsRow
    {
        public long Mentions { get; init; }

        public long SavedBy { get; init; }

        public string Last { get; init; } = "";
    }

    private sealed class MessageRow
    {
        public long ChannelId { get; init; }

        public long MessageId { get; init; }

        public string At { get; init; } = "";
    }

    private sealed class DiscussedRow
    {
        public string PaperId { get; init; } = "";

        public long Mentions { get; init; }

        public long SavedBy { get; init; }

        public string Last { get; init; } = "";
    }
}
