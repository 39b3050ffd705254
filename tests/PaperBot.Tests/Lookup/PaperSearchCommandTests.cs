using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.FakeDiscord;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary>/paper search end to end: the real bot host, the fake Discord server, a seeded temp database.</summary>
public sealed class PaperSearchCommandTests : BotTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_MatchingQuery_PostsNumberedResultsWithLinksPagingAndSaveMenu(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.SlashAsync("paper", "search", ("query", "speculative decoding"));
        var message = await Bot.FinalMessageAsync(interaction);

        Assert.False(message.Ephemeral);
        var description = message.Embeds[0]!["description"]!.GetValue<string>();
        Assert.Contains("**1.** [", description, StringComparison.Ordinal);
        Assert.Contains("(https://arxiv.org/abs/2410.03355)", description, StringComparison.Ordinal);
        Assert.Contains("et al.", description, StringComparison.Ordinal);
        Assert.Contains("**", description.Split('>', 2)[1], StringComparison.Ordinal);
        var customIds = CustomIds(message);
        Assert.Contains(customIds, id => id.StartsWith("ps:2:r:q:speculative decoding", StringComparison.Ordinal));
        Assert.Contains("psave", customIds);
        Assert.All(customIds, id => Assert.True(id.Length <= 100));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_NothingSearchable_AnswersEphemerallyWithWhatToType(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.SlashAsync("paper", "search", ("query", "!!! ???"));
        var message = await Bot.FinalMessageAsync(interaction);

        Assert.True(message.Ephemeral);
        Assert.Contains("/paperbot help", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_NoMatch_AnswersEphemerallyQuotingTheQueryAsText(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.SlashAsync("paper", "search", ("query", "@everyone zzzyyxq"));
        var message = await Bot.FinalMessageAsync(interaction);

        Assert.True(message.Ephemeral);
        Assert.Contains("No papers match", message.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("@everyone", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_BadSort_TellsWhichValuesWork(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.SlashAsync("paper", "search", ("query", "autoregressive"), ("sort", "oldest"));
        var message = await Bot.FinalMessageAsync(interaction);

        Assert.True(message.Ephemeral);
        Assert.Contains("`relevance`, `newest` or `upvotes`", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task NextButton_OnFirstPage_UpdatesTheMessageToPageTwo(StorageProvider provider)
    {
        await StartAsync(provider);
        var first = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", "autoregressive"), ("sort", "newest")));
        var next = CustomIds(first).Single(id => id.StartsWith("ps:2:", StringComparison.Ordinal));

        var press = await Bot.PressAsync(first, next);
        await press.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));
        var updated = Bot.Discord.GetMessage(first.Id)!;

        Assert.Equal(7, press.ResponseType);
        var description = updated.Embeds[0]!["description"]!.GetValue<string>();
        Assert.Contains("**6.**", description, StringComparison.Ordinal);
        Assert.DoesNotContain("**1.**", description, StringComparison.Ordinal);
        Assert.StartsWith("Page 2 of", updated.Embeds[0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(CustomIds(updated), id => id.StartsWith("ps:1:n:", StringComparison.Ordinal));
        Assert.All(CustomIds(updated), id => Assert.True(id.Length <= 100));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task NextButton_QueryTooLongForCustomId_PagesThroughAHandle(StorageProvider provider)
    {
        await StartAsync(provider);
        var query = "autoregressive " + string.Join(' ', Enumerable.Repeat("OR autoregressive", 6)) + " OR generation OR image OR models";
        Assert.True(query.Length > 90);
        var first = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", query)));
        var next = CustomIds(first).Single(id => id.StartsWith("ps:2:", StringComparison.Ordinal));
        Assert.StartsWith("ps:2:r:h:", next, StringComparison.Ordinal);

        var press = await Bot.PressAsync(first, next);
        await press.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(7, press.ResponseType);
        Assert.Contains("**6.**", Bot.Discord.GetMessage(first.Id)!.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task NextButton_UnknownHandle_SaysTheSearchExpired(StorageProvider provider)
    {
        await StartAsync(provider);
        var first = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", "autoregressive")));

        var press = await Bot.PressAsync(first, "ps:2:r:h:0123456789abcdef");
        var answer = await Bot.FinalMessageAsync(press);

        Assert.True(answer.Ephemeral);
        Assert.Contains("expired", answer.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SaveMenu_PickAResult_StoresItOnceAndConfirmsEphemerally(StorageProvider provider)
    {
        await StartAsync(provider);
        var results = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", "speculative decoding")));

        var first = await Bot.FinalMessageAsync(await Bot.SelectAsync(results, "psave", "2410.03355"));
        var again = await Bot.FinalMessageAsync(await Bot.SelectAsync(results, "psave", "2410.03355"));

        Assert.True(first.Ephemeral);
        Assert.Contains("Saved **LANTERN", first.Content, StringComparison.Ordinal);
        Assert.Contains("already in your library", again.Content, StringComparison.Ordinal);
        Assert.Equal(1L, await CountSavedAsync(BotHarness.DefaultUserId, "2410.03355", "button"));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Autocomplete_PartialTitle_SuggestsAtMost25TitlesOfAtMost100Characters(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.AutocompleteAsync("paper", "search", ("query", "autoreg"));
        await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(8, interaction.ResponseType);
        var choices = interaction.ResponseData!["choices"]!.AsArray();
        Assert.InRange(choices.Count, 5, 25);
        Assert.All(choices, c => Assert.InRange(c!["name"]!.GetValue<string>().Length, 1, 100));
        Assert.All(choices, c => Assert.Contains("autoreg", c!["name"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase));
        Bot.AssertClean();
    }

    // Through the bot's own state database: the SQLite file, or PostgreSQL for the postgres provider.
    private async Task<long> CountSavedAsync(ulong userId, string paperId, string source)
    {
        var state = Bot.Host.Services.GetRequiredService<StateDatabase>();
        await using var connection = await state.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM saved_papers WHERE user_id = @User AND paper_id = @Paper AND source = @Source",
            new { User = unchecked((long)userId), Paper = paperId, Source = source });
    }

    internal static IReadOnlyList<string> CustomIds(FakeMessage message) =>
        [.. message.Components
            .SelectMany(row => row!["components"]!.AsArray())
            .Select(c => c!["custom_id"]?.GetValue<string>())
            .OfType<string>()];
}
