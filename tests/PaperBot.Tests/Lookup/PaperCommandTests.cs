using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary>/paper show, latest and related, and /paperbot help and status, end to end through the fake Discord.</summary>
public sealed class PaperCommandTests : BotTestBase
{
    [Theory]
    [InlineData("2410.03355")]
    [InlineData("https://arxiv.org/abs/2410.03355v2")]
    [InlineData("arXiv:2410.03355")]
    public async Task Show_KnownPaperInAnyForm_PostsDetailCardWithSaveButtonAndLinks(string id)
    {
        await StartAsync(StorageProvider.Sqlite);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", id)));

        Assert.False(message.Ephemeral);
        var embed = message.Embeds[0]!;
        Assert.StartsWith("LANTERN", embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("https://arxiv.org/abs/2410.03355", embed["url"]!.GetValue<string>());
        var fields = embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Contains("Authors", fields.Keys);
        Assert.Contains("Published", fields.Keys);
        Assert.Contains("(https://arxiv.org/pdf/2410.03355)", fields["Links"], StringComparison.Ordinal);
        Assert.Contains("(https://huggingface.co/papers/2410.03355)", fields["Links"], StringComparison.Ordinal);
        Assert.Contains("psave:2410.03355", PaperSearchCommandTests.CustomIds(message));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_Malformed_NamesTheAcceptedForms(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "not-a-paper")));

        Assert.True(message.Ephemeral);
        Assert.Contains("is neither an arXiv id nor the id of a paper in my store", message.Content, StringComparison.Ordinal);
        Assert.Contains("2410.03355v2", message.Content, StringComparison.Ordinal);
        Assert.Contains("huggingface.co/papers", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_WellFormedButUnknown_SaysItIsNotInTheStore(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "2301.00001")));

        Assert.True(message.Ephemeral);
        Assert.Contains("arXiv:2301.00001", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SaveButton_OnDetailCard_SavesAndConfirmsEphemerally(StorageProvider provider)
    {
        await StartAsync(provider);
        var card = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "2302.07863")));

        var answer = await Bot.FinalMessageAsync(await Bot.PressAsync(card, "psave:2302.07863"));

        Assert.True(answer.Ephemeral);
        Assert.Contains("Saved **Speculative Decoding with Big Little Decoder**", answer.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_TitleFullOfMarkdownAndMentions_RendersAsText(StorageProvider provider)
    {
        await StartAsync(provider);
        await Bot.Host.Services.GetRequiredService<PaperStore>().UpsertAsync(
            new Paper { Id = "2501.00042", Title = "@everyone **bold** [click](https://evil.example) <@123>", Abstract = "_x_ @here", Authors = ["A"] },
            CancellationToken.None);

        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "2501.00042")));

        var embed = message.Embeds[0]!;
        var title = embed["title"]!.GetValue<string>();
        Assert.Equal("@\u200Beveryone \\*\\*bold\\*\\* \\[click\\](https://evil.example) \\<@123\\>", title);
        Assert.Equal("\\_x\\_ @\u200Bhere", embed["description"]!.GetValue<string>());
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_LatexInTitleAndAbstract_ShowsUnicodeAndKeepsMath(StorageProvider provider)
    {
        await StartAsync(provider);
        await Bot.Host.Services.GetRequiredService<PaperStore>().UpsertAsync(
            new Paper
            {
                Id = "2501.00043",
                Title = @"Na\""ive Bayes in $O(n)$ \& \emph{More}",
                Abstract = @"We cut zorblax costs by 12--38\%, \eg on Erd\H{o}s graphs.",
                Authors = ["A"],
            },
            CancellationToken.None);

        var card = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "2501.00043")));
        var list = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", "zorblax")));

        var embed = card.Embeds[0]!;
        Assert.Equal("Naïve Bayes in $O(n)$ & More", embed["title"]!.GetValue<string>());
        Assert.Equal("We cut zorblax costs by 12–38%, e.g. on Erdős graphs.", embed["description"]!.GetValue<string>());
        Assert.Contains("Naïve Bayes in $O(n)$ & More", list.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Latest_WithCountAndTopic_ListsThatManyNewestMatches(StorageProvider provider)
    {
        await StartAsync(provider);
        var all = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "latest", ("count", 3L)));
        var topical = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "latest", ("topic", "speculative decoding")));

        var allText = all.Embeds[0]!["description"]!.GetValue<string>();
        Assert.Contains("**3.**", allText, StringComparison.Ordinal);
        Assert.DoesNotContain("**4.**", allText, StringComparison.Ordinal);
        Assert.Contains("2503.01103", allText, StringComparison.Ordinal);
        var topicText = topical.Embeds[0]!["description"]!.GetValue<string>();
        Assert.Contains("2411.11925", topicText, StringComparison.Ordinal);
        Assert.DoesNotContain("2503.01103", topicText, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Latest_CountOutOfRange_SaysTheRange(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "latest", ("count", 50L)));

        Assert.True(message.Ephemeral);
        Assert.Contains("between 1 and 10", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Related_SpeculativeDecodingPaper_BringsUpTheOtherSpeculativeDecodingPapers(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "related", ("id", "2410.03355")));

        var text = message.Embeds[0]!["description"]!.GetValue<string>();
        Assert.Contains("2411.11925", text, StringComparison.Ordinal);
        Assert.Contains("2410.01699", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`2410.03355`", text, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Related_Malformed_NamesTheAcceptedForms(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "related", ("id", "12345")));

        Assert.True(message.Ephemeral);
        Assert.Contains("is neither an arXiv id nor the id of a paper in my store", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Help_ListsEveryFeaturesCommandsAndTheQuerySyntax(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paperbot", "help"));

        Assert.True(message.Ephemeral);
        Assert.Contains("`/paper search`", message.Content, StringComparison.Ordinal);
        Assert.Contains("`/digest subscribe`", message.Content, StringComparison.Ordinal);
        Assert.Contains("`/library list`", message.Content, StringComparison.Ordinal);
        Assert.Contains("`/club schedule`", message.Content, StringComparison.Ordinal);
        Assert.Contains("author:", message.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Help_EveryFeatureRegistered_FitsOneMessageWithTheWholeQuerySyntax(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paperbot", "help"));

        Assert.True(message.Content.Length <= 2000, $"help is {message.Content.Length} characters");
        Assert.DoesNotContain("…", message.Content, StringComparison.Ordinal);
        Assert.EndsWith("`before:2025-01-01`", message.Content.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("**Paper cards**, **Save papers**: on any message", message.Content, StringComparison.Ordinal);
        Assert.Contains("`/digest now` Post the digest now ⚙", message.Content, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Status_AfterAnIngest_ShowsItsTimeAsADiscordTimestamp(StorageProvider provider)
    {
        await StartAsync(provider);
        var state = Bot.Host.Services.GetRequiredService<PaperBot.Storage.AppStateStore>();
        await state.SetAsync("ingest.arxiv.last_run", "2026-11-29T07:59:57.3982320Z", CancellationToken.None);

        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paperbot", "status"));

        var fields = message.Embeds[0]!["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Contains($"arxiv: <t:{new DateTimeOffset(2026, 11, 29, 7, 59, 57, TimeSpan.Zero).ToUnixTimeSeconds()}:f>", fields["Last ingest"], StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Status_ShowsPaperCountNewestPaperIngestVersionAndUptime(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paperbot", "status"));

        Assert.True(message.Ephemeral);
        var fields = message.Embeds[0]!["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("56", fields["Papers in store"]);
        Assert.Contains("2503.01103", fields["Newest paper"], StringComparison.Ordinal);
        Assert.Contains("huggingface: never", fields["Last ingest"], StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+", fields["Version"]);
        Assert.Contains(" s", fields["Uptime"], StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ShowAutocomplete_PartialTitle_CompletesToPaperIds(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.AutocompleteAsync("paper", "show", ("id", "lantern"));
        await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));

        var choices = interaction.ResponseData!["choices"]!.AsArray();
        Assert.Contains(choices, c => c!["value"]!.GetValue<string>() == "2410.03355");
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ShowAutocomplete_PartialId_CompletesToPapersWithThatIdPrefix(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await Bot.AutocompleteAsync("paper", "show", ("id", "2410.03"));
        await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));

        var values = interaction.ResponseData!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Contains("2410.03355", values);
        Assert.All(values, v => Assert.StartsWith("2410.03", v, StringComparison.Ordinal));
        Bot.AssertClean();
    }
}
