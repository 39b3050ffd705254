using Microsoft.Extensions.DependencyInjection;
using PaperBot.Chat;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace PaperBot.Tests.Lookup;

/// <summary>/paper related and /library recommend by meaning as well as words, end to end through the fake Discord (the sample papers ship with vectors).</summary>
public sealed class RelatedAndRecommendByMeaningTests(ITestOutputHelper output) : BotTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Related_PaperWithVector_ListsACloseInMeaningPaperWithItsReasonBesideSharedTerms(StorageProvider provider)
    {
        await StartAsync(provider);
        // ControlAR: among its five related papers one is there by meaning alone (with papers cut at 128 word
        // pieces, every paper close to 2410.03355, this test's paper before, also shares its key terms).
        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "related", ("id", "2410.02705")));

        var text = message.Embeds[0]!["description"]!.GetValue<string>();
        output.WriteLine(text);
        Assert.False(message.Ephemeral);
        Assert.Contains("_close in meaning (0.", text, StringComparison.Ordinal);
        // The shared key terms still show as the reason where there are some: highlighted in the snippet.
        Assert.Contains("**", text, StringComparison.Ordinal);
        Assert.Contains("2410.03355", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`2410.02705`", text, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Recommend_AfterTwoSaves_NamesTheSavedPaperEachIsClosestTo(StorageProvider provider)
    {
        await StartAsync(provider);
        string[] saved = ["2410.03355", "2411.11925"];
        foreach (var id in saved)
        {
            var card = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", id)));
            await Bot.FinalMessageAsync(await Bot.PressAsync(card, $"psave:{id}", BotHarness.DefaultUserId));
        }

        var recommended = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "recommend"));

        output.WriteLine(recommended.Content);
        var titles = (await Bot.Host.Services.GetRequiredService<PaperStore>().GetManyAsync(saved, CancellationToken.None))
            .Select(p => DiscordMarkdown.Escape(p.Title.Replace('\n', ' ').Replace('\r', ' ')))
            .ToArray();
        var reasons = recommended.Content.Split('\n').Where(l => l.StartsWith("   _", StringComparison.Ordinal)).ToArray();
        Assert.True(recommended.Ephemeral);
        Assert.NotEmpty(reasons);
        Assert.Contains(reasons, r => r.StartsWith("   _close to ", StringComparison.Ordinal));
        Assert.All(reasons, r => Assert.Contains(titles, t => r.Contains(t, StringComparison.Ordinal)));
        foreach (var id in saved)
        {
            Assert.DoesNotContain($"`{id}`", recommended.Content, StringComparison.Ordinal);
        }

        Bot.AssertClean();
    }
}
