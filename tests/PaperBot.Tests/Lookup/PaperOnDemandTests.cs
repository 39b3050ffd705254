using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary>Any paper on demand: <c>/paper show</c> and <c>/paper related</c> on ids the store lacks, fetched from the arXiv fake.</summary>
public sealed class PaperOnDemandTests : IAsyncLifetime
{
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

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_PdfLinkNotInStore_DefersFetchesStoresAndPostsTheCard(StorageProvider provider)
    {
        await StartAsync(provider);
        var interaction = await _bot.SlashAsync("paper", "show", ("id", "https://arxiv.org/pdf/2402.01234v2"));
        var card = await _bot.FinalMessageAsync(interaction);

        Assert.Equal(5, interaction.ResponseType);
        Assert.False(card.Ephemeral);
        Assert.Equal("Pasted Paper About Sparse Retrieval", card.Embeds[0]!["title"]!.GetValue<string>());
        var request = Assert.Single(_arxiv.Requests);
        Assert.Contains("id_list=2402.01234", request.Query, StringComparison.Ordinal);
        var stored = await Store().GetAsync("2402.01234", CancellationToken.None);
        Assert.NotNull(stored);
        // First seen when arXiv published it, so tomorrow's digest does not post an old pasted paper as new.
        Assert.Equal(new DateTimeOffset(2024, 2, 2, 0, 0, 0, TimeSpan.Zero), stored.FirstSeen);

        // Stored now: a second look asks arXiv nothing.
        await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "show", ("id", "arXiv:2402.01234")));
        Assert.Single(_arxiv.Requests);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_IdArxivDoesNotKnow_SaysSoPrivatelyAndStoresNothing(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "show", ("id", "2402.09999")));

        Assert.True(message.Ephemeral);
        Assert.Contains("arXiv has no paper arXiv:2402.09999", message.Content, StringComparison.Ordinal);
        Assert.Single(_arxiv.Requests);
        Assert.Null(await Store().GetAsync("2402.09999", CancellationToken.None));
        Assert.DoesNotContain(_bot.Discord.GetMessages(_bot.ChannelId), m => !m.Ephemeral && !m.Loading && m.Embeds.Count > 0);
        _bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Related_HuggingFaceLinkNotInStore_FetchesAndAnswers(StorageProvider provider)
    {
        await StartAsync(provider);
        var message = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "related", ("id", "https://huggingface.co/papers/2402.01234")));

        Assert.Single(_arxiv.Requests);
        Assert.NotNull(await Store().GetAsync("2402.01234", CancellationToken.None));
        Assert.DoesNotContain("arXiv has no paper", message.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be asked", message.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    private PaperStore Store() => _bot.Host.Services.GetRequiredService<PaperStore>();
}
