using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary>/paper search by meaning, end to end: the real bot host with its shipped sample vectors, the fake Discord server.</summary>
public sealed class MeaningSearchE2ETests : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test starts the bot with the state in its provider's database.</summary>
    private async Task StartAsync(StorageProvider provider) =>
        _bot = await BotHarness.StartAsync(provider: provider);

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_SentenceLongQuery_ListsThePaperItDescribesAndSaysNoPaperHasEveryWord(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await _bot.SlashAsync("paper", "search", ("query", "how can a big language model answer faster by letting a smaller model propose tokens that the big one only checks"));
        var message = await _bot.FinalMessageAsync(interaction);

        Assert.False(message.Ephemeral);
        var description = message.Embeds[0]!["description"]!.GetValue<string>();
        Assert.Contains("(https://arxiv.org/abs/2302.07863)", description, StringComparison.Ordinal);
        Assert.Contains("No paper has every word", message.Embeds[0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_TwoWordsNoPaperHolds_AnswersWithPapersInsteadOfNoMatch(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await _bot.SlashAsync("paper", "search", ("query", "multimodal reasoning"));
        var message = await _bot.FinalMessageAsync(interaction);

        Assert.DoesNotContain("No papers match", message.Content ?? "", StringComparison.Ordinal);
        Assert.Contains("(https://arxiv.org/abs/2412.00127)", message.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Status_FreshStore_ShowsEveryPaperEmbedded(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await _bot.SlashAsync("paperbot", "status");
        var message = await _bot.FinalMessageAsync(interaction);

        var fields = message.Embeds[0]!["fields"]!.AsArray();
        Assert.Contains(fields, f => f!["name"]!.GetValue<string>() == "Search by meaning" && f["value"]!.GetValue<string>().StartsWith("embedded 56 of 56", StringComparison.Ordinal));
        _bot.AssertClean();
    }
}
