using PaperBot.Tests.TestSupport;
using PaperBot.Storage;
using PaperBot.Chat;
using PaperBot.Discord.Models;
using PaperBot.Library;

namespace PaperBot.Tests.Library;

public sealed class LibraryReactionsTests
{
    private const ulong Bot = 999;
    private const ulong Alice = 1001;
    private const ulong Channel = 500;
    private const ulong Guild = 400;
    private const ulong DigestPost = 7001;
    private const ulong SearchPost = 7002;

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task OnAddAsync_SaveEmojiOnDigestPost_SavesOnceEvenWhenReplayed(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        await RecordPostsAsync(db);
        var reactions = LibraryDatabase.Reactions(db);

        var first = await reactions.OnAddAsync(Add(Alice, DigestPost, "🔖"), Bot, CancellationToken.None);
        var replay = await reactions.OnAddAsync(Add(Alice, DigestPost, "🔖"), Bot, CancellationToken.None);

        Assert.Equal(ReactionOutcome.Saved, first);
        Assert.Equal(ReactionOutcome.AlreadySaved, replay);
        var saved = Assert.Single(await LibraryDatabase.Store(db).ListAsync(Alice, CancellationToken.None));
        Assert.Equal("2410.03355", saved.PaperId);
        Assert.Equal(SaveSources.Reaction, saved.Source);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task OnAddAsync_KeycapOnSearchResults_SavesNthPaper(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        await RecordPostsAsync(db);
        var reactions = LibraryDatabase.Reactions(db);

        Assert.Equal(ReactionOutcome.Saved, await reactions.OnAddAsync(Add(Alice, SearchPost, "2\uFE0F\u20E3"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.Saved, await reactions.OnAddAsync(Add(Alice, SearchPost, "3\u20E3"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.Ignored, await reactions.OnAddAsync(Add(Alice, SearchPost, "\U0001F51F"), Bot, CancellationToken.None));

        var ids = (await LibraryDatabase.Store(db).ListAsync(Alice, CancellationToken.None)).Select(s => s.PaperId).Order();
        Assert.Equal(["2302.07863", "2410.01699"], ids);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task OnAddAsync_BotsUnknownMessagesOtherEmoji_Ignored(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        await RecordPostsAsync(db);
        var reactions = LibraryDatabase.Reactions(db);
        var otherBot = Add(1002, DigestPost, "🔖") with { Member = new GuildMember { User = new User { Id = 1002, Bot = true } } };

        Assert.Equal(ReactionOutcome.Ignored, await reactions.OnAddAsync(Add(Bot, DigestPost, "🔖"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.Ignored, await reactions.OnAddAsync(otherBot, Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.Ignored, await reactions.OnAddAsync(Add(Alice, 123456, "🔖"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.Ignored, await reactions.OnAddAsync(Add(Alice, DigestPost, "👍"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.Ignored, await reactions.OnAddAsync(Add(Alice, DigestPost, "2\uFE0F\u20E3"), Bot, CancellationToken.None));

        Assert.Equal(0, await CountRowsAsync(db, "saved_papers"));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task OnRemoveAsync_AfterReactionSave_RemovesOnlyThatSave(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        await RecordPostsAsync(db);
        var reactions = LibraryDatabase.Reactions(db);
        var store = LibraryDatabase.Store(db);
        await store.SaveAsync(Alice, "2410.01699", Guild, Channel, SaveSources.Command, CancellationToken.None);
        await reactions.OnAddAsync(Add(Alice, DigestPost, "🔖"), Bot, CancellationToken.None);

        // The keycap for a paper saved by command earlier: un-reacting must not take it away.
        Assert.Equal(ReactionOutcome.AlreadySaved, await reactions.OnAddAsync(Add(Alice, SearchPost, "2\uFE0F\u20E3"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.NothingToRemove, await reactions.OnRemoveAsync(Remove(Alice, SearchPost, "2\uFE0F\u20E3"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.Removed, await reactions.OnRemoveAsync(Remove(Alice, DigestPost, "🔖"), Bot, CancellationToken.None));
        Assert.Equal(ReactionOutcome.NothingToRemove, await reactions.OnRemoveAsync(Remove(Alice, DigestPost, "🔖"), Bot, CancellationToken.None));

        var saved = Assert.Single(await store.ListAsync(Alice, CancellationToken.None));
        Assert.Equal("2410.01699", saved.PaperId);
    }

    internal static async Task RecordPostsAsync(TestSupport.DatabaseFixture db)
    {
        var posted = new PostedMessageStore(db.State);
        await posted.RecordAsync(new PostedMessage
        {
            ChannelId = Channel, MessageId = DigestPost, GuildId = Guild, PaperId = "2410.03355", Kind = PostedMessageKinds.DigestPaper, PostedAt = db.Time.GetUtcNow(),
        }, CancellationToken.None);
        await posted.RecordAsync(new PostedMessage
        {
            ChannelId = Channel, MessageId = SearchPost, GuildId = Guild, Kind = PostedMessageKinds.SearchResults, PostedAt = db.Time.GetUtcNow(),
            Papers = [new(1, "2411.11925"), new(2, "2410.01699"), new(3, "2302.07863")],
        }, CancellationToken.None);
    }

    internal static async Task<long> CountRowsAsync(TestSupport.DatabaseFixture db, string table)
    {
        await using var connection = await db.State.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static MessageReactionAdd Add(ulong user, ulong message, string emoji) =>
        new() { UserId = user, ChannelId = Channel, MessageId = message, GuildId = Guild, Emoji = Emoji.Unicode(emoji), Member = new GuildMember { User = new User { Id = user } } };

    private static MessageReactionRemove Remove(ulong user, ulong message, string emoji) =>
        new() { UserId = user, ChannelId = Channel, MessageId = message, GuildId = Guild, Emoji = Emoji.Unicode(emoji) };
}
