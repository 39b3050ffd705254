using PaperBot.Tests.Lookup;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>The /digest and /library modules and the reaction adapter, end to end through the fake Discord.</summary>
public sealed class DigestAndLibraryCommandTests : IAsyncLifetime
{
    private const ulong Reader = 4_242_000_000_000_777;
    private const string EveryonePermissions = "2147486720";

    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task DigestSubscribe_ByManager_SubscribesAndSettingsShowIt()
    {
        var subscribed = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", ("topics", "speculative decoding"), ("time", "08:30"), ("timezone", "Europe/Berlin")));
        var settings = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "settings"));

        Assert.StartsWith("Subscribed", subscribed.Content, StringComparison.Ordinal);
        Assert.Contains("08:30", settings.Content, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", settings.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task DigestSubscribe_WithoutManageChannels_IsRefusedEphemerally()
    {
        var refused = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", Reader, EveryonePermissions, ("topics", "diffusion")));

        Assert.True(refused.Ephemeral);
        Assert.Contains("Manage Channels", refused.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task DigestSubscribe_BadTime_SaysTheFormat()
    {
        var refused = await _bot.FinalMessageAsync(await _bot.SlashAsync("digest", "subscribe", ("time", "25:99")));

        Assert.True(refused.Ephemeral);
        Assert.Contains("HH:mm", refused.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task DigestTimezoneAutocomplete_Partial_SuggestsZones()
    {
        var interaction = await _bot.AutocompleteAsync("digest", "subscribe", ("timezone", "Berl"));
        await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Contains(interaction.ResponseData!["choices"]!.AsArray(), c => c!["value"]!.GetValue<string>() == "Europe/Berlin");
        _bot.AssertClean();
    }

    [Fact]
    public async Task KeycapReaction_OnSearchResults_SavesThatEntry_AndLibraryListShowsIt()
    {
        var results = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "search", ("query", "speculative decoding")));
        var second = results.Embeds[0]!["description"]!.GetValue<string>().Split("**2.**")[1];
        var secondId = second.Split('`')[1];
        await _bot.IdleAsync();

        await _bot.Discord.InjectReactionAddAsync(results.ChannelId, results.Id, Reader, "2\uFE0F\u20E3");
        var listed = await WaitForLibraryAsync(Reader, secondId);

        Assert.True(listed.Ephemeral);
        Assert.Contains("**Your library** (1 paper", listed.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task BookmarkReaction_OnDetailCard_SavesThePaper_AndRemovingItUndoesTheSave()
    {
        var card = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "show", ("id", "2302.07863")));
        await _bot.IdleAsync();

        await _bot.Discord.InjectReactionAddAsync(card.ChannelId, card.Id, Reader, "🔖");
        await WaitForLibraryAsync(Reader, "2302.07863");
        await _bot.Discord.InjectReactionRemoveAsync(card.ChannelId, card.Id, Reader, "🔖");

        var deadline = DateTime.UtcNow.AddSeconds(5);
        string content;
        do
        {
            content = (await _bot.FinalMessageAsync(await _bot.SlashAsync("library", "list", Reader, EveryonePermissions))).Content;
        }
        while (!content.Contains("empty", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains("Your library is empty", content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task LibraryList_NextButton_PagesOnlyForItsOwner()
    {
        foreach (var query in new[] { "autoregressive", "time series", "diffusion" })
        {
            var results = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "search", ("query", query)));
            foreach (var value in SaveMenuValues(results))
            {
                await _bot.FinalMessageAsync(await _bot.SelectAsync(results, "psave", value));
            }
        }

        var list = await _bot.FinalMessageAsync(await _bot.SlashAsync("library", "list"));
        var next = PaperSearchCommandTests.CustomIds(list).Single(id => id.Contains(":2:", StringComparison.Ordinal));
        var paged = await _bot.PressAsync(list, next);
        await paged.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));

        var stranger = await _bot.FinalMessageAsync(await _bot.PressAsync(list, next, Reader));

        Assert.Equal(7, paged.ResponseType);
        Assert.Contains("page 2/", _bot.Discord.GetMessage(list.Id)!.Content, StringComparison.Ordinal);
        Assert.True(stranger.Ephemeral);
        Assert.Contains("belongs to someone else", stranger.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task LibraryExport_SendsTheFileAsAnAttachmentOfTheEphemeralAnswer()
    {
        var card = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "show", ("id", "2302.07863")));
        await _bot.FinalMessageAsync(await _bot.PressAsync(card, "psave:2302.07863"));

        var export = await _bot.FinalMessageAsync(await _bot.SlashAsync("library", "export", ("format", "bibtex")));

        Assert.True(export.Ephemeral);
        Assert.DoesNotContain("```", export.Content, StringComparison.Ordinal);
        var file = Assert.Single(export.Attachments);
        Assert.Equal("library.bib", file.FileName);
        Assert.Contains("eprint = {2302.07863}", System.Text.Encoding.UTF8.GetString(file.Content), StringComparison.Ordinal);
        _bot.AssertClean();
    }

    private static IEnumerable<string> SaveMenuValues(PaperBot.FakeDiscord.FakeMessage message) =>
        message.Components.SelectMany(r => r!["components"]!.AsArray())
            .Single(c => c!["custom_id"]?.GetValue<string>() == "psave")!["options"]!.AsArray()
            .Select(o => o!["value"]!.GetValue<string>());

    private async Task<PaperBot.FakeDiscord.FakeMessage> WaitForLibraryAsync(ulong userId, string paperId)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var listed = await _bot.FinalMessageAsync(await _bot.SlashAsync("library", "list", userId, EveryonePermissions));
            if (listed.Content.Contains($"`{paperId}`", StringComparison.Ordinal))
            {
                return listed;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"{paperId} never showed up in the library of {userId}");
        return null!;
    }
}
