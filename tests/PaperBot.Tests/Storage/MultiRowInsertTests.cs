using Dapper;
using PaperBot.Chat;
using PaperBot.Memory;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Storage;

/// <summary>
/// The stores that write many rows in one INSERT (<see cref="MultiRowInsert"/>): more rows than one statement holds
/// are all kept, each with its own values, in order, in both databases.
/// </summary>
public sealed class MultiRowInsertTests
{
    private const ulong Guild = 5_100_000_000_000_001;
    private static readonly int Rows = (2 * MultiRowInsert.MaxRows) + 5;

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ServerMemory_MoreEventsThanOneStatementHolds_KeepsEachWithItsOwnValues(StorageProvider provider)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false, provider: provider);
        var events = Enumerable.Range(0, Rows).Select(i => new MemoryEvent
        {
            GuildId = Guild,
            ChannelId = 7_000 + (ulong)(i % 3),
            PaperId = $"2501.{i:D5}",
            Kind = i % 7 == 0 ? MemoryKinds.Saved : MemoryKinds.Card,
            MessageId = i % 2 == 0 ? 9_000_000_000 + (ulong)i : null,
            UserId = i % 5 == 0 ? null : 4_000 + (ulong)i,
        }).ToList();

        await new ServerMemory(db.State, db.Time).RecordManyAsync(events, CancellationToken.None);

        var connection = await db.State.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            var stored = (await connection.QueryAsync<(long Guild, string Paper, long Channel, long? Message, long? User, string Kind)>(
                "SELECT guild_id, paper_id, channel_id, message_id, user_id, kind FROM server_memory ORDER BY id")).ToList();
            Assert.Equal(
                events.Select(e => (DbValues.ToDb(e.GuildId), e.PaperId, DbValues.ToDb(e.ChannelId), e.MessageId is { } m ? DbValues.ToDb(m) : (long?)null, e.UserId is { } u ? DbValues.ToDb(u) : (long?)null, e.Kind)),
                stored);
        }
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task PostedMessage_ListOfMorePapersThanOneStatementHolds_FindsEachAtItsPosition(StorageProvider provider)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false, provider: provider);
        var store = new PostedMessageStore(db.State);
        var papers = Enumerable.Range(1, Rows).Select(i => new PostedMessagePaper(i, $"2502.{Rows - i:D5}")).ToList();

        await store.RecordAsync(
            new PostedMessage
            {
                ChannelId = 7_001,
                MessageId = 9_100_000_000,
                GuildId = Guild,
                Kind = PostedMessageKinds.SearchResults,
                PostedAt = db.Time.GetUtcNow(),
                Papers = papers,
            },
            CancellationToken.None);

        var found = await store.FindAsync(7_001, 9_100_000_000, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(papers, found.Papers);
    }
}
