using PaperBot.FakeDiscord;
using PaperBot.Tests.Digest;
using PaperBot.Tests.Lookup;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Memory;

/// <summary>
/// The server memory as users meet it: <c>/paper show</c>'s "In this server", <c>/paper discussed</c>,
/// forget-me, digest posts, and one server's memory never showing in another.
/// </summary>
public sealed class ServerMemoryTests : BotTestBase
{
    private const ulong Alice = 4_242_000_000_000_011;
    private const ulong Bob = 4_242_000_000_000_012;
    private const string Lantern = "2410.03355";

    private ulong _otherChannel;

    /// <summary>Each test starts the bot with the state in its provider's database, with a second channel.</summary>
    private async Task StartWithTwoChannelsAsync(StorageProvider provider)
    {
        await StartAsync(provider);
        _otherChannel = Bot.Discord.CreateChannel(Bot.GuildId, "nlp");
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_PaperCardedInTwoChannelsAndSaved_SaysInThisServerWithJumpLinks(StorageProvider provider)
    {
        await StartWithTwoChannelsAsync(provider);
        await CardAsync($"arXiv:{Lantern}", Bot.ChannelId, Alice);
        await CardAsync($"https://arxiv.org/abs/{Lantern}", Bot.ChannelId, Bob);
        var inOther = await CardAsync($"https://huggingface.co/papers/{Lantern}", _otherChannel, Alice);
        await Bot.FinalMessageAsync(await Bot.PressAsync(inOther.Cards, $"lsave:{Lantern}", Alice));
        await Bot.FinalMessageAsync(await Bot.PressAsync(inOther.Cards, $"lsave:{Lantern}", Bob));

        var field = InThisServer(await ShowAsync(Bot.GuildId, Bot.ChannelId));

        Assert.NotNull(field);
        Assert.StartsWith($"Mentioned 3× in <#{Bot.ChannelId}> and <#{_otherChannel}>, saved by 2, last on ", field, StringComparison.Ordinal);
        Assert.Contains($"(https://discord.com/channels/{Bot.GuildId}/{_otherChannel}/{inOther.Linking.Id})", field, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_PaperSearchedIntoAReply_CountsTheSearchAnswerHereOnly(StorageProvider provider)
    {
        await StartWithTwoChannelsAsync(provider);
        var answer = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", "LANTERN")));
        Assert.False(answer.Ephemeral);
        await Bot.IdleAsync(); // the memory is written after the answer is sent
        var otherGuild = Bot.Discord.CreateGuild("Other lab");
        var otherGuildChannel = Bot.Discord.CreateChannel(otherGuild, "papers");

        var here = InThisServer(await ShowAsync(Bot.GuildId, Bot.ChannelId));
        var there = InThisServer(await ShowAsync(otherGuild, otherGuildChannel));

        Assert.NotNull(here);
        Assert.StartsWith($"Mentioned 1× in <#{Bot.ChannelId}>", here, StringComparison.Ordinal);
        Assert.Contains($"/{answer.Id})", here, StringComparison.Ordinal);
        Assert.Null(there);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_InAnotherServer_NeverShowsThisServersMemory(StorageProvider provider)
    {
        await StartWithTwoChannelsAsync(provider);
        await CardAsync($"arXiv:{Lantern}", Bot.ChannelId, Alice);
        var otherGuild = Bot.Discord.CreateGuild("Other lab");
        var otherGuildChannel = Bot.Discord.CreateChannel(otherGuild, "papers");

        var discussedThere = await Bot.FinalMessageAsync(await Bot.Discord.InjectSlashCommandAsync(
            "paper", BotHarness.Options("discussed", []), otherGuild, otherGuildChannel, Alice, BotHarness.ManagerPermissions));
        var here = InThisServer(await ShowAsync(Bot.GuildId, Bot.ChannelId));
        var there = InThisServer(await ShowAsync(otherGuild, otherGuildChannel));

        Assert.NotNull(here);
        Assert.Null(there);
        Assert.True(discussedThere.Ephemeral, discussedThere.Content + discussedThere.Embeds.ToJsonString());
        Assert.Contains("No paper was linked", discussedThere.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Discussed_MostDiscussedFirst_AndOneChannelOnly(StorageProvider provider)
    {
        await StartWithTwoChannelsAsync(provider);
        await CardAsync($"arXiv:{Lantern} arXiv:2302.07863", Bot.ChannelId, Alice);
        await CardAsync($"arXiv:{Lantern}", Bot.ChannelId, Bob);
        await CardAsync("arXiv:2502.20388", _otherChannel, Bob);

        var all = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "discussed"));
        var other = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "discussed", ("days", 7L), ("channel", new ChannelOption(_otherChannel))));

        Assert.False(all.Ephemeral);
        var values = SaveMenuValues(all);
        Assert.Equal(Lantern, values[0]);
        Assert.Equal(3, values.Count);
        Assert.Contains("mentioned 2×", all.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["2502.20388"], SaveMenuValues(other));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ForgetMe_RemovesTheUsersPartOfTheMemory(StorageProvider provider)
    {
        await StartWithTwoChannelsAsync(provider);
        await CardAsync($"arXiv:{Lantern}", Bot.ChannelId, Alice);
        await CardAsync($"arXiv:{Lantern}", _otherChannel, BotHarness.DefaultUserId);

        var asked = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "forget-me"));
        await Bot.FinalMessageAsync(await Bot.PressAsync(asked, Assert.Single(PaperSearchCommandTests.CustomIds(asked))));
        var field = InThisServer(await ShowAsync(Bot.GuildId, Bot.ChannelId, Alice));

        Assert.NotNull(field);
        Assert.StartsWith($"Mentioned 1× in <#{Bot.ChannelId}>,", field, StringComparison.Ordinal);
        Assert.DoesNotContain(_otherChannel.ToString(System.Globalization.CultureInfo.InvariantCulture), field, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task DigestPost_IsRemembered(StorageProvider provider)
    {
        await StartWithTwoChannelsAsync(provider);
        await DigestE2E.AddFreshPapersAsync(Bot.Host);
        var subscribed = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "subscribe", ("topics", "speculative decoding -survey cat:cs.CL")));
        Assert.StartsWith("Subscribed", subscribed.Content, StringComparison.Ordinal);
        await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        var posted = await DigestE2E.WaitForPostsAsync(Bot.Discord, Bot.ChannelId, 2);
        await DigestE2E.WaitForBatchesDoneAsync(Bot.Host);
        await Bot.IdleAsync();

        var field = InThisServer(await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "2611.00001"))));

        Assert.NotNull(field);
        Assert.StartsWith($"Mentioned 1× in <#{Bot.ChannelId}>", field, StringComparison.Ordinal);
        Assert.Contains($"/{posted[1].Id})", field, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    private async Task<(FakeMessage Linking, FakeMessage Cards)> CardAsync(string text, ulong channelId, ulong userId)
    {
        var linking = await Bot.PostAsync(text, userId, channelId: channelId);
        var cards = await Bot.FinalMessageAsync(await Bot.MessageCommandAsync("Paper cards", linking, userId));
        Assert.False(cards.Ephemeral);
        await Bot.IdleAsync();
        return (linking, cards);
    }

    private async Task<FakeMessage> ShowAsync(ulong guildId, ulong channelId, ulong userId = BotHarness.DefaultUserId) =>
        await Bot.FinalMessageAsync(await Bot.Discord.InjectSlashCommandAsync(
            "paper", BotHarness.Options("show", [("id", Lantern)]), guildId, channelId, userId, BotHarness.ManagerPermissions));

    private static string? InThisServer(FakeMessage card) =>
        card.Embeds[0]!["fields"]?.AsArray().FirstOrDefault(f => f!["name"]!.GetValue<string>() == "In this server")?["value"]?.GetValue<string>();

    private static List<string> SaveMenuValues(FakeMessage message) =>
        [.. message.Components.SelectMany(r => r!["components"]!.AsArray())
            .Where(c => c!["custom_id"]?.GetValue<string>() == "psave")
            .SelectMany(c => c!["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()))];
}
