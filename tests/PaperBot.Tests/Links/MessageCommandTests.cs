using Microsoft.Extensions.DependencyInjection;
using PaperBot.Library;
using PaperBot.Papers;
using PaperBot.Tests.Lookup;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Links;

/// <summary>The <c>Paper cards</c> and <c>Save papers</c> message commands, end to end through the fake Discord and the arXiv fake.</summary>
public sealed class MessageCommandTests : IAsyncLifetime
{
    private const ulong Colleague = 4_242_000_000_000_077;

    private readonly FakeArxiv _arxiv = new();
    private BotHarness _bot = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test starts the bot with the state in its provider's database.</summary>
    private async Task StartAsync(StorageProvider provider)
    {
        _arxiv.Add("2402.01234", "Pasted Paper About Sparse Retrieval");
        _bot = await BotHarness.StartAsync(_arxiv.Settings(), provider: provider);
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _arxiv.DisposeAsync();
    }

    [Fact]
    public async Task Registration_MessageCommands_AreType3WithoutDescriptionOrOptions()
    {
        await StartAsync(StorageProvider.Sqlite);
        var commands = _bot.Discord.RegisteredCommands().Where(c => c["type"]?.GetValue<int>() == 3).ToList();

        Assert.Equal(["Paper cards", "Save papers"], commands.Select(c => c["name"]!.GetValue<string>()).Order());
        Assert.All(commands, c => Assert.True(string.IsNullOrEmpty(c["description"]?.GetValue<string>())));
        Assert.All(commands, c => Assert.Null(c["options"]));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task PaperCards_MessageLinkingAStoredAndAnUnstoredPaper_PostsACardForEachWithSaveButtonsAndNoPings(StorageProvider provider)
    {
        await StartAsync(provider);
        var target = await _bot.PostAsync("<@4242000000000001> read https://arxiv.org/abs/2410.03355v2 and arXiv:2402.01234 @everyone", Colleague);

        var interaction = await _bot.MessageCommandAsync("Paper cards", target);
        var cards = await _bot.FinalMessageAsync(interaction);

        Assert.Equal(5, interaction.ResponseType);
        Assert.False(cards.Ephemeral);
        Assert.Equal(2, cards.Embeds.Count);
        Assert.StartsWith("LANTERN", cards.Embeds[0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Pasted Paper About Sparse Retrieval", cards.Embeds[1]!["title"]!.GetValue<string>());
        Assert.Equal(["lsave:2410.03355", "lsave:2402.01234"], PaperSearchCommandTests.CustomIds(cards));
        Assert.Single(_arxiv.Requests);
        Assert.NotNull(await _bot.Host.Services.GetRequiredService<PaperStore>().GetAsync("2402.01234", CancellationToken.None));
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task PaperCards_SevenLinks_CardsTheFirstFiveAndSaysSo(StorageProvider provider)
    {
        await StartAsync(provider);
        var target = await _bot.PostAsync(string.Join(' ', new[] { "2410.03355", "2302.07863", "2211.17192", "2402.01234", "2401.10774", "2305.14314", "2106.09685" }.Select(i => "arXiv:" + i)), Colleague);

        var cards = await _bot.FinalMessageAsync(await _bot.MessageCommandAsync("Paper cards", target));

        Assert.True(cards.Embeds.Count <= 5);
        Assert.Contains("links 7 papers; these are the first 5", cards.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task PaperCards_MessageWithoutPaperLinks_ExplainsPrivately(StorageProvider provider)
    {
        await StartAsync(provider);
        var target = await _bot.PostAsync("lunch at noon? version 2401.01234 of the notes is up", Colleague);

        var answer = await _bot.FinalMessageAsync(await _bot.MessageCommandAsync("Paper cards", target));

        Assert.True(answer.Ephemeral);
        Assert.Contains("links no paper I can read", answer.Content, StringComparison.Ordinal);
        Assert.Empty(_arxiv.Requests);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task PaperCards_OnlyAnIdArxivDoesNotKnow_SaysSoPrivately(StorageProvider provider)
    {
        await StartAsync(provider);
        var target = await _bot.PostAsync("https://huggingface.co/papers/2402.09999", Colleague);

        var answer = await _bot.FinalMessageAsync(await _bot.MessageCommandAsync("Paper cards", target));

        Assert.True(answer.Ephemeral);
        Assert.Contains("arXiv has no paper `2402.09999`", answer.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SavePapers_Message_SavesEveryLinkedPaperToTheInvokersLibraryPrivately(StorageProvider provider)
    {
        await StartAsync(provider);
        var target = await _bot.PostAsync("https://doi.org/10.48550/arXiv.2402.01234 and https://arxiv.org/pdf/2302.07863", Colleague);

        var answer = await _bot.FinalMessageAsync(await _bot.MessageCommandAsync("Save papers", target));

        Assert.True(answer.Ephemeral);
        Assert.Contains("Saved 2 papers", answer.Content, StringComparison.Ordinal);
        var library = await _bot.Host.Services.GetRequiredService<LibraryStore>().ListAsync(BotHarness.DefaultUserId, CancellationToken.None);
        Assert.Equal(["2302.07863", "2402.01234"], library.Select(s => s.PaperId).Order());
        Assert.Empty(await _bot.Host.Services.GetRequiredService<LibraryStore>().ListAsync(Colleague, CancellationToken.None));
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SaveButton_OnPaperCards_SavesThatPaper(StorageProvider provider)
    {
        await StartAsync(provider);
        var target = await _bot.PostAsync("arXiv:2302.07863 arXiv:2410.03355", Colleague);
        var cards = await _bot.FinalMessageAsync(await _bot.MessageCommandAsync("Paper cards", target));

        var answer = await _bot.FinalMessageAsync(await _bot.PressAsync(cards, "lsave:2410.03355", Colleague));

        Assert.True(answer.Ephemeral);
        Assert.Contains("Saved **LANTERN", answer.Content, StringComparison.Ordinal);
        var library = await _bot.Host.Services.GetRequiredService<LibraryStore>().ListAsync(Colleague, CancellationToken.None);
        Assert.Equal("2410.03355", Assert.Single(library).PaperId);
        _bot.AssertClean();
    }
}
