using PaperBot.Tests.TestSupport;
using PaperBot.Storage;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Library;
using PaperBot.Papers;

namespace PaperBot.Tests.Library;

public sealed class LibraryServiceTests
{
    private const ulong Alice = 1001;
    private const ulong Bob = 1002;

    private static readonly string[] Saved = ["2410.03355", "2411.11925", "2410.01699", "2302.07863"];

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ListAsync_WithQuery_OnlyMatchingSavedPapers(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var commands = await CommandsWithSavesAsync(db);

        var all = await commands.ListAsync(Alice, null, 1, CancellationToken.None);
        var filtered = await commands.ListAsync(Alice, "big little", 1, CancellationToken.None);

        Assert.True(all.Ephemeral);
        Assert.Contains("4 papers", all.Content, StringComparison.Ordinal);
        Assert.Contains("`2302.07863`", filtered.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("`2410.03355`", filtered.Content, StringComparison.Ordinal);
        Assert.Contains("Your library is empty", (await commands.ListAsync(Bob, null, 1, CancellationToken.None)).Content, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ListAsync_WithQuery_SaysItIsFilteredAndHowMany(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var commands = await CommandsWithSavesAsync(db);

        var filtered = await commands.ListAsync(Alice, "big little", 1, CancellationToken.None);
        var dated = await commands.ListAsync(Alice, "since:2024-10-01", 1, CancellationToken.None);

        Assert.StartsWith("**Your library**, matching big little (1 of 4 papers, page 1/1)\n", filtered.Content, StringComparison.Ordinal);
        Assert.Contains("(3 of 4 papers, page 1/1)", dated.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("`2302.07863`", dated.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"", "There is nothing to search for in that query")]
    [InlineData("since:2024-13-45", "since:")]
    public async Task ListAsync_QueryThatCannotRun_GivesTheSearchMessage(string query, string message)
    {
        await using var db = await LibraryDatabase.CreateAsync();
        var commands = await CommandsWithSavesAsync(db);
        var search = await db.Search.SearchAsync(new PaperBot.Papers.Search.SearchRequest(query), CancellationToken.None);

        var reply = await commands.ListAsync(Alice, query, 1, CancellationToken.None);

        Assert.Contains(message, reply.Content, StringComparison.Ordinal);
        Assert.Equal(search.Error, reply.Content);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ListAsync_WithQuery_FindsASavedPaperThatAThousandOthersOutrank(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var commands = await CommandsWithSavesAsync(db);
        // 1,200 papers with the word three times in their titles, all newer than the saved ones.
        await db.Papers.UpsertManyAsync(
            [.. Enumerable.Range(1, 1200).Select(i => new Paper
            {
                Id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2501.{i:00000}"),
                Title = $"Little little little number {i}",
                Abstract = "A little one.",
                Published = new DateOnly(2025, 1, 1),
                Sources = ["import"],
            })],
            CancellationToken.None);

        var reply = await commands.ListAsync(Alice, "little", 1, CancellationToken.None);

        Assert.Contains("`2302.07863`", reply.Content, StringComparison.Ordinal);
        Assert.Contains("(1 of 4 papers", reply.Content, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ListAsync_MoreThanOnePage_NextButtonNamesUserAndPage(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var commands = await CommandsWithSavesAsync(db);
        var store = LibraryDatabase.Store(db);
        var more = await db.Papers.GetNewestAsync(12, CancellationToken.None);
        foreach (var paper in more)
        {
            await store.SaveAsync(Alice, paper.Id, 1, 2, SaveSources.Command, CancellationToken.None);
        }

        var first = await commands.ListAsync(Alice, null, 1, CancellationToken.None);

        Assert.Equal(["◀ Prev", "Next ▶"], Buttons(first).Select(b => b.Label));
        Assert.Equal([true, false], Buttons(first).Select(b => b.Disabled == true));
        var next = Buttons(first)[1];
        Assert.True(LibraryCustomIds.TryParseList(next.CustomId!, out var user, out var page, out _));
        Assert.Equal((Alice, 2), (user, page));
        var second = await commands.ListAsync(Alice, null, page, CancellationToken.None);
        Assert.Contains("page 2/2", second.Content, StringComparison.Ordinal);
        Assert.Contains("11. ", second.Content, StringComparison.Ordinal);
        // The last page: back enabled, forward disabled, and no two buttons with one custom_id.
        Assert.Equal([false, true], Buttons(second).Select(b => b.Disabled == true));
        Assert.Equal(2, Buttons(second).Select(b => b.CustomId).Distinct().Count());
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ExportAsync_Csv_AttachesEverySavedPaper(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var commands = await CommandsWithSavesAsync(db);

        var reply = await commands.ExportAsync(Alice, LibraryExportFormat.Csv, CancellationToken.None);

        var attachment = Assert.Single(reply.Files);
        Assert.Equal("library.csv", attachment.FileName);
        var lines = System.Text.Encoding.UTF8.GetString(attachment.Content.Span).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Saved.Length + 1, lines.Length);
        Assert.All(Saved, id => Assert.Contains(lines, l => l.StartsWith(id + ",", StringComparison.Ordinal)));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task TopAsync_TwoUsersSaveSamePaper_CountsTwoInTheirGuildOnly(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var commands = await CommandsWithSavesAsync(db);
        await LibraryDatabase.Store(db).SaveAsync(Bob, "2302.07863", 1, 2, SaveSources.Command, CancellationToken.None);

        var top = await commands.TopAsync(1, 7, CancellationToken.None);
        var otherGuild = await commands.TopAsync(77, 7, CancellationToken.None);
        var channel = await commands.ChannelAsync(2, CancellationToken.None);

        Assert.StartsWith("**Most saved", top.Content, StringComparison.Ordinal);
        Assert.Contains("`2302.07863` · 2 saves", top.Content!.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("Nobody here", otherGuild.Content, StringComparison.Ordinal);
        Assert.Contains("`2302.07863` · 2 saves", channel.Content, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ForgetMeConfirmAsync_OtherUserPresses_RefusedAndNothingDeleted(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var commands = await CommandsWithSavesAsync(db);
        var request = LibraryService.ForgetMeRequest(Alice);
        var button = Assert.Single(Buttons(request));

        var refused = await commands.ForgetMeConfirmAsync(button.CustomId!, Bob, CancellationToken.None);
        Assert.Contains("Only the person", refused.Content, StringComparison.Ordinal);
        Assert.Equal(4, (await LibraryDatabase.Store(db).ListAsync(Alice, CancellationToken.None)).Count);

        var done = await commands.ForgetMeConfirmAsync(button.CustomId!, Alice, CancellationToken.None);
        Assert.Equal("Deleted everything PaperBot stored about you: 4 saved papers.", done.Content);
        Assert.Equal(0, await LibraryForgetterTests.CountReferencesAsync(db, (long)Alice));
    }

    private static async Task<LibraryService> CommandsWithSavesAsync(TestSupport.DatabaseFixture db)
    {
        var store = LibraryDatabase.Store(db);
        foreach (var id in Saved)
        {
            await store.SaveAsync(Alice, id, 1, 2, SaveSources.Command, CancellationToken.None);
        }

        return new LibraryService(store, db.Papers, db.Search, new LibraryRecommender(store, db.Papers, db.Search), new LibraryForgetter(db.State), db.Time);
    }

    private static List<MessageComponent> Buttons(InteractionReply reply) => [.. reply.Components.SelectMany(row => row.Components ?? [])];
}
