using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary>/paper search by meaning, end to end: the real bot host with its shipped sample vectors, the fake Discord server.</summary>
public sealed class MeaningSearchE2ETests : BotTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_SentenceLongQuery_ListsThePaperItDescribesAndSaysNoPaperHasEveryWord(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.SlashAsync("paper", "search", ("query", "how can a big language model answer faster by letting a smaller model propose tokens that the big one only checks"));
        var message = await Bot.FinalMessageAsync(interaction);

        Assert.False(message.Ephemeral);
        var description = message.Embeds[0]!["description"]!.GetValue<string>();
        Assert.Contains("(https://arxiv.org/abs/2302.07863)", description, StringComparison.Ordinal);
        Assert.Contains("No paper has every word", message.Embeds[0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_TwoWordsNoPaperHolds_AnswersWithPapersInsteadOfNoMatch(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.SlashAsync("paper", "search", ("query", "multimodal reasoning"));
        var message = await Bot.FinalMessageAsync(interaction);

        Assert.DoesNotContain("No papers match", message.Content ?? "", StringComparison.Ordinal);
        Assert.Contains("(https://arxiv.org/abs/2412.00127)", message.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Status_FreshStore_ShowsEveryPaperEmbedded(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.SlashAsync("paperbot", "status");
        var message = await Bot.FinalMessageAsync(interaction);

        var fields = message.Embeds[0]!["fields"]!.AsArray();
        Assert.Contains(fields, f => f!["name"]!.GetValue<string>() == "Search by meaning" && f["value"]!.GetValue<string>().StartsWith("embedded 56 of 56", StringComparison.Ordinal));
        Bot.AssertClean();
    }
}
