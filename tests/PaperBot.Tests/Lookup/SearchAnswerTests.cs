using PaperBot.FakeDiscord;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary>
/// How a search is answered, through the fake Discord: the results are the interaction's initial response, in one
/// request that asks Discord for the message it became (<c>?with_response=true</c>), so a keycap reaction on them
/// saves that entry; when Discord's answer is lost, the bot reads the message back instead of answering twice.
/// </summary>
public sealed class SearchAnswerTests
{
    private const ulong Reader = 4_242_000_000_000_778;
    private const string EveryonePermissions = "2147486720";
    private const string Callback = "POST /interactions/{interaction_id}/{token}/callback";

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_ResultsAreTheInitialResponse_OneRequestThatNamesTheMessage(StorageProvider provider)
    {
        await using var bot = await BotHarness.StartAsync(provider: provider);

        var interaction = await bot.SlashAsync("paper", "search", ("query", "speculative decoding"));
        var results = await bot.FinalMessageAsync(interaction);
        await bot.IdleAsync();

        Assert.Equal(4, interaction.ResponseType);
        var callback = await interaction.InitialResponse;
        Assert.Contains("with_response=true", callback.Query, StringComparison.Ordinal);
        Assert.Contains("**1.**", results.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        // No "thinking…" first and no edit after: the callback carried the results.
        Assert.DoesNotContain(bot.Discord.Requests, r => r.Path.Contains(interaction.Token, StringComparison.Ordinal) && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal));
        await SaveSecondByKeycapAsync(bot, results);
        bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_CallbackAnswerLost_PostedOnceAndTheMessageReadBack(StorageProvider provider)
    {
        await using var bot = await BotHarness.StartAsync(provider: provider);
        // Discord takes the answer, but the connection drops before its reply: the retry is told the interaction
        // was already acknowledged (40060), which names no message.
        bot.ExpectedRejectionCodes.Add(40060);
        bot.Discord.LoseNextAnswers(Callback);

        var interaction = await bot.SlashAsync("paper", "search", ("query", "speculative decoding"));
        var results = await bot.FinalMessageAsync(interaction);
        await bot.IdleAsync();

        Assert.Equal(4, interaction.ResponseType);
        Assert.Single(bot.Discord.Requests, r => r.Method == "GET" && r.Path.EndsWith("/messages/@original", StringComparison.Ordinal) && r.Path.Contains(interaction.Token, StringComparison.Ordinal));
        Assert.Single(bot.Discord.GetMessages(results.ChannelId), m => m.InteractionId == interaction.Id);
        await SaveSecondByKeycapAsync(bot, results);
        // The retry's 40060 is the only thing refused: the answer was not sent a second time in any other way.
        Assert.Equal(40060, Assert.Single(bot.Discord.Rejections).Code);
    }

    // The reaction is tied to the results only when the bot knew the message's id when it recorded them.
    private static async Task SaveSecondByKeycapAsync(BotHarness bot, FakeMessage results)
    {
        var secondId = results.Embeds[0]!["description"]!.GetValue<string>().Split("**2.**")[1].Split('`')[1];
        await bot.Discord.InjectReactionAddAsync(results.ChannelId, results.Id, Reader, "2\uFE0F\u20E3");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var listed = await bot.FinalMessageAsync(await bot.SlashAsync("library", "list", Reader, EveryonePermissions));
            if (listed.Content.Contains($"`{secondId}`", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"{secondId} was never saved by the keycap reaction");
    }
}
