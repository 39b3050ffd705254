using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.FakeDiscord;
using PaperBot.Memory;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Links;

/// <summary>Link cards in a channel with <c>/paperbot links on</c>: MESSAGE_CREATE from the fake Discord, a reply card from the bot.</summary>
public sealed class LinkCardTests : IAsyncLifetime
{
    private const ulong Member = 4_242_000_000_000_055;
    private const int WithMessageContent = 1 | (1 << 9) | (1 << 10) | (1 << 15);

    private readonly FakeArxiv _arxiv = new();
    private BotHarness _bot = null!;

    public Task InitializeAsync()
    {
        _arxiv.Add("2402.01234", "Pasted Paper About Sparse Retrieval");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }

        await _arxiv.DisposeAsync();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinksOn_WithoutTheIntents_SaysWhatToEnableAndChangesNothing(StorageProvider provider)
    {
        _bot = await BotHarness.StartAsync(_arxiv.Settings(), provider: provider);

        var answer = await _bot.FinalMessageAsync(await LinksAsync("on", BotHarness.DefaultUserId, BotHarness.ManagerPermissions));

        Assert.True(answer.Ephemeral);
        Assert.Contains("MESSAGE_CONTENT", answer.Content, StringComparison.Ordinal);
        Assert.Contains("GUILD_MESSAGES", answer.Content, StringComparison.Ordinal);
        Assert.Contains("Privileged Gateway Intents", answer.Content, StringComparison.Ordinal);
        Assert.Contains("`Discord:Intents` to `34305`", answer.Content, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", answer.Content, StringComparison.Ordinal);
        Assert.False(await Channels().IsEnabledAsync(_bot.ChannelId, CancellationToken.None));
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinksOn_WithoutManageChannels_IsRefused(StorageProvider provider)
    {
        _bot = await StartWithIntentsAsync(provider);

        var answer = await _bot.FinalMessageAsync(await LinksAsync("on", Member, "3072"));

        Assert.True(answer.Ephemeral);
        Assert.Contains("Manage Channels", answer.Content, StringComparison.Ordinal);
        Assert.False(await Channels().IsEnabledAsync(_bot.ChannelId, CancellationToken.None));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinkCard_MemberLinksPapers_RepliesOnceWithOneCompactCardAndNoPings(StorageProvider provider)
    {
        _bot = await StartWithIntentsAsync(provider);
        await EnableAsync();

        var linking = await _bot.PostAsync("new one: https://arxiv.org/abs/2402.01234v1 and https://huggingface.co/papers/2410.03355", Member);
        var card = await CardForAsync(linking);

        Assert.Equal(2, card.Embeds.Count);
        Assert.Equal("Pasted Paper About Sparse Retrieval", card.Embeds[0]!["title"]!.GetValue<string>());
        Assert.Null(card.InteractionId);
        await _bot.IdleAsync();
        Assert.Single(_bot.Discord.GetMessages(_bot.ChannelId), m => m.ReferencedMessageId == linking.Id);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinkCard_SamePaperAgainWithinTheHour_IsNotCardedTwice(StorageProvider provider)
    {
        _bot = await StartWithIntentsAsync(provider);
        await EnableAsync();
        await CardForAsync(await _bot.PostAsync("arXiv:2302.07863", Member));

        var again = await _bot.PostAsync("as I said, https://arxiv.org/pdf/2302.07863v1", Member);
        var sentinel = await CardForAsync(await _bot.PostAsync("and arXiv:2410.03355", Member));
        await _bot.IdleAsync();

        Assert.DoesNotContain(_bot.Discord.GetMessages(_bot.ChannelId), m => m.ReferencedMessageId == again.Id);
        Assert.Single(sentinel.Embeds);
        Assert.Equal(2, _bot.Discord.GetMessages(_bot.ChannelId).Count(m => m.ReferencedMessageId is not null));
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinkCard_DoiOfAnImportedPaper_IsCardedAndAnUnknownDoiIsNot(StorageProvider provider)
    {
        _bot = await StartWithIntentsAsync(provider);
        await EnableAsync();
        await _bot.Host.Services.GetRequiredService<PaperBot.Papers.PaperStore>().UpsertAsync(
            new PaperBot.Papers.Paper { Id = "10.1145/3292500.3330701", Title = "Glowworm Routing for Sparse Graphs", Abstract = "We route messages.", Authors = ["Ada Lovelace"] },
            CancellationToken.None);

        var unknown = await _bot.PostAsync("old but gold: https://doi.org/10.1145/9999999.9999999", Member);
        var linking = await _bot.PostAsync("the journal version: https://doi.org/10.1145/3292500.3330701.", Member);
        var card = await CardForAsync(linking);
        await _bot.IdleAsync();

        var embed = Assert.Single(card.Embeds)!;
        Assert.Equal("Glowworm Routing for Sparse Graphs", embed["title"]!.GetValue<string>());
        Assert.Equal("https://doi.org/10.1145/3292500.3330701", embed["url"]!.GetValue<string>());
        Assert.DoesNotContain(_bot.Discord.GetMessages(_bot.ChannelId), m => m.ReferencedMessageId == unknown.Id);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinkCard_MessageFromABot_GetsNoCard(StorageProvider provider)
    {
        _bot = await StartWithIntentsAsync(provider);
        await EnableAsync();

        var fromBot = await _bot.PostAsync("arXiv:2302.07863", userId: 4_242_000_000_000_099, bot: true);
        var sentinel = await CardForAsync(await _bot.PostAsync("arXiv:2410.03355", Member));
        await _bot.IdleAsync();

        Assert.DoesNotContain(_bot.Discord.GetMessages(_bot.ChannelId), m => m.ReferencedMessageId == fromBot.Id);
        // The bot's own card links papers too (its embeds' URLs): it must not answer itself.
        Assert.DoesNotContain(_bot.Discord.GetMessages(_bot.ChannelId), m => m.ReferencedMessageId == sentinel.Id);
        Assert.Single(_bot.Discord.GetMessages(_bot.ChannelId), m => m.ReferencedMessageId is not null);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinkCard_BotWithoutMessageContent_SeesBlankContentAndPostsNothing(StorageProvider provider)
    {
        // GUILD_MESSAGES but not MESSAGE_CONTENT: Discord sends MESSAGE_CREATE with empty content.
        _bot = await BotHarness.StartAsync(new Dictionary<string, string?>(_arxiv.Settings()) { ["Discord:Intents"] = "1537" }, provider: provider);
        await Channels().EnableAsync(_bot.GuildId, _bot.ChannelId, CancellationToken.None);

        var unseen = await _bot.PostAsync("arXiv:2302.07863", Member);
        // A message that mentions the bot arrives with its content, so it is carded: it marks the end of the run.
        var sentinel = await CardForAsync(await _bot.PostAsync($"<@{_bot.Discord.BotUserId}> arXiv:2410.03355", Member));
        await _bot.IdleAsync();

        Assert.DoesNotContain(_bot.Discord.GetMessages(_bot.ChannelId), m => m.ReferencedMessageId == unseen.Id);
        Assert.Single(sentinel.Embeds);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LinksOff_AfterOn_StopsCards(StorageProvider provider)
    {
        _bot = await StartWithIntentsAsync(provider);
        await EnableAsync();

        var off = await _bot.FinalMessageAsync(await LinksAsync("off", BotHarness.DefaultUserId, BotHarness.ManagerPermissions));

        Assert.Contains("off", off.Content, StringComparison.Ordinal);
        Assert.False(await Channels().IsEnabledAsync(_bot.ChannelId, CancellationToken.None));
    }

    private async Task<BotHarness> StartWithIntentsAsync(StorageProvider provider) =>
        await BotHarness.StartAsync(
            new Dictionary<string, string?>(_arxiv.Settings()) { ["Discord:Intents"] = WithMessageContent.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            fake: o => o.AllowedPrivilegedIntents = 1 << 15,
            provider: provider);

    private async Task EnableAsync()
    {
        var on = await _bot.FinalMessageAsync(await LinksAsync("on", BotHarness.DefaultUserId, BotHarness.ManagerPermissions));
        Assert.Contains("Link cards are **on**", on.Content, StringComparison.Ordinal);
    }

    private async Task<FakeMessage> CardForAsync(FakeMessage linking)
    {
        FakeMessage? card = null;
        Assert.True(
            await _bot.Discord.WaitUntilAsync(() => (card = _bot.Discord.GetMessages(linking.ChannelId).FirstOrDefault(m => m.ReferencedMessageId == linking.Id)) is not null, TimeSpan.FromSeconds(10)),
            $"no link card answered message {linking.Id}");
        return card!;
    }

    private LinkCardChannels Channels() => _bot.Host.Services.GetRequiredService<LinkCardChannels>();

    /// <summary><c>/paperbot links on|off</c>, the subcommand inside its group as Discord nests it.</summary>
    private Task<InjectedInteraction> LinksAsync(string sub, ulong userId, string permissions) =>
        _bot.Discord.InjectSlashCommandAsync(
            "paperbot",
            [new JsonObject { ["name"] = "links", ["type"] = 2, ["options"] = new JsonArray(new JsonObject { ["name"] = sub, ["type"] = 1 }) }],
            _bot.GuildId,
            _bot.ChannelId,
            userId,
            permissions);
}
