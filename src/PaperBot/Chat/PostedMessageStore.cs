using System.Data;
using Dapper;
using PaperBot.Storage;

namespace PaperBot.Chat;

/// <summary>What kind of bot message a row of <c>posted_messages</c> is.</summary>
public static class PostedMessageKinds
{
    public const string DigestHeader = "digest_header";
    public const string DigestPaper = "digest_paper";
    public const string SearchResults = "search_results";
}

/// <summary>
/// A message the bot posted. <see cref="PaperId"/> is set when the message shows one paper;
/// <see cref="Papers"/> lists the numbered papers of a list message (position → paper id).
/// </summary>
public sealed record PostedMessage
{
    public required ulong ChannelId { get; init; }

    public required ulong MessageId { get; init; }

    public ulong? GuildId { get; init; }

    public string? PaperId { get; init; }

    public required string Kind { get; init; }

    public int? Position { get; init; }

    public required DateTimeOffset PostedAt { get; init; }

    public IReadOnlyList<PostedMessagePaper> Papers { get; init; } = [];
}

public sealed record PostedMessagePaper(int Position, string PaperId);

/// <summary>
/// <c>posted_messages</c>: lets a reaction or a button on any bot message be traced back to its paper(s).
/// Snowflakes are stored as the ulong's bits in a signed INTEGER.
/// </summary>
public sealed class PostedMessageStore(StateDatabase connections)
{
    private const string InsertSql = """
        INSERT INTO posted_messages (channel_id, message_id, guild_id, paper_id, kind, position, posted_at)
        VALUES (@ChannelId, @MessageId, @GuildId, @PaperId, @Kind, @Position, @PostedAt)
        ON CONFLICT (channel_id, message_id) DO NOTHING
        """;

    private const string InsertPapersHead = "INSERT INTO posted_message_papers (channel_id, message_id, position, paper_id)";

    private const string InsertPapersTail = "\nON CONFLICT (channel_id, message_id, position) DO NOTHING";

    private static readonly string[] InsertPapersValues = ["@ChannelId", "@MessageId", "@Position{0}", "@PaperId{0}"];

    private const string FindSql = """
        SELECT channel_id AS ChannelId, message_id AS MessageId, guild_id AS GuildId, paper_id AS PaperId,
               kind AS Kind, position AS Position, posted_at AS PostedAt
        FROM posted_messages
        WHERE channel_id = @ChannelId AND message_id = @MessageId
        """;

    private const string FindPapersSql = """
        SELECT position AS Position, paper_id AS PaperId
        FROM posted_message_papers
        WHERE channel_id = @ChannelId AND message_id = @MessageId
        ORDER BY position
        """;

    public Task RecordAsync(PostedMessage message, CancellationToken cancellationToken) => WriteAsync(message, keep: true, cancellationToken);

    /// <summary>
    /// Runs what <see cref="RecordAsync(PostedMessage, CancellationToken)"/> runs for <paramref name="message"/>, then
    /// rolls it back: nothing is kept. The interaction warm-up rehearses an answer's records before the gateway
    /// connects, so that the first answers after a start do not compile this code (Dapper's parameter reader among it).
    /// </summary>
    public Task RehearseAsync(PostedMessage message, CancellationToken cancellationToken) => WriteAsync(message, keep: false, cancellationToken);

    private async Task WriteAsync(PostedMessage message, bool keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await RecordAsync(connection, transaction, message, cancellationToken).ConfigureAwait(false);
                await (keep ? transaction.CommitAsync(cancellationToken) : transaction.RollbackAsync(cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records inside the caller's transaction (the digest ledger marks a post sent in the same one).</summary>
    internal static async Task RecordAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, PostedMessage message, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            ChannelId = DbValues.ToDb(message.ChannelId),
            MessageId = DbValues.ToDb(message.MessageId),
            GuildId = message.GuildId is { } g ? DbValues.ToDb(g) : (long?)null,
            message.PaperId,
            message.Kind,
            message.Position,
            PostedAt = DbValues.Time(message.PostedAt),
        }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        // A list message's papers in one statement (a search page's five were five round trips to PostgreSQL).
        foreach (var chunk in message.Papers.Chunk(MultiRowInsert.MaxRows))
        {
            var parameters = new DynamicParameters();
            parameters.Add("ChannelId", DbValues.ToDb(message.ChannelId), DbType.Int64);
            parameters.Add("MessageId", DbValues.ToDb(message.MessageId), DbType.Int64);
            for (var row = 0; row < chunk.Length; row++)
            {
                parameters.Add(MultiRowInsert.Name("Position{0}", row), chunk[row].Position, DbType.Int32);
                parameters.Add(MultiRowInsert.Name("PaperId{0}", row), chunk[row].PaperId, DbType.String);
            }

            var sql = MultiRowInsert.Sql(InsertPapersHead, InsertPapersValues, chunk.Length, InsertPapersTail);
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public async Task<PostedMessage?> FindAsync(ulong channelId, ulong messageId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var args = new { ChannelId = DbValues.ToDb(channelId), MessageId = DbValues.ToDb(messageId) };
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (row is null)
            {
                return null;
            }

            var papers = await connection.QueryAsync<PaperRow>(new CommandDefinition(FindPapersSql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new PostedMessage
            {
                ChannelId = DbValues.FromDb(row.ChannelId),
                MessageId = DbValues.FromDb(row.MessageId),
                GuildId = row.GuildId is { } g ? DbValues.FromDb(g) : null,
                PaperId = row.PaperId,
                Kind = row.Kind,
                Position = row.Position is { } p ? (int)p : null,
                PostedAt = DbValues.ParseTime(row.PostedAt),
                Papers = [.. papers.Select(p => new PostedMessagePaper((int)p.Position, p.PaperId))],
            };
        }
    }

    private sealed record Row(long ChannelId, long MessageId, long? GuildId, string? PaperId, string Kind, long? Position, string PostedAt);

    private sealed record PaperRow(long Position, string PaperId);
}
