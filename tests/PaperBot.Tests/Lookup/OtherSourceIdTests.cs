using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.Library;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Lookup;

/// <summary>
/// Papers imported from sources other than arXiv (a DOI, a benchmark corpus's numbered documents), used through the
/// fake Discord as arXiv papers are: shown by the id they came with, found by a sentence, saved and exported.
/// </summary>
public sealed class OtherSourceIdTests : BotTestBase
{
    private static readonly Paper DoiPaper = new()
    {
        Id = "10.1145/3292500.3330701",
        Title = "Glowworm Routing: Message Passing for Sparse Graph Neural Networks",
        Abstract = "We route messages between glowworm nodes of sparse graphs so that graph neural networks train faster.",
        Authors = ["Ada Lovelace"],
        Published = new DateOnly(2019, 7, 25),
    };

    private static readonly Paper NumberedPaper = new()
    {
        Id = "4983",
        Title = "Microstructural development of newborn cerebral white matter assessed by diffusion tensor imaging",
        Abstract = "Alterations of the architecture of cerebral white matter in the developing human brain affect cortical development.",
    };

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_DoiPaper_CardLinksTheDoiAndNoArxivPages(StorageProvider provider)
    {
        await StartWithPapersAsync(provider);

        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "https://doi.org/10.1145/3292500.3330701")));

        Assert.False(message.Ephemeral);
        var embed = message.Embeds[0]!;
        Assert.StartsWith("Glowworm Routing", embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("https://doi.org/10.1145/3292500.3330701", embed["url"]!.GetValue<string>());
        var fields = embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal("[DOI](https://doi.org/10.1145/3292500.3330701)", fields["Links"]);
        Assert.DoesNotContain("arxiv.org", message.Embeds.ToJsonString() + message.Components.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("doi:10.1145/3292500.3330701", embed["footer"]!["text"]!.GetValue<string>());
        Assert.Contains("psave:10.1145/3292500.3330701", PaperSearchCommandTests.CustomIds(message));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_NumberedCorpusPaper_CardWithoutLinks(StorageProvider provider)
    {
        await StartWithPapersAsync(provider);

        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "4983")));

        var embed = message.Embeds[0]!;
        Assert.StartsWith("Microstructural development", embed["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(embed["url"]);
        var names = embed["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("Links", names);
        Assert.Equal("4983", embed["footer"]!["text"]!.GetValue<string>());
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SearchSaveExport_DoiPaper_FoundBySentenceSavedAndExportedWithItsDoi(StorageProvider provider)
    {
        await StartWithPapersAsync(provider);

        var results = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", "passing messages between glowworm nodes of sparse graphs")));
        Assert.Contains("Glowworm Routing", results.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var card = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "doi:10.1145/3292500.3330701")));
        await Bot.FinalMessageAsync(await Bot.PressAsync(card, "psave:10.1145/3292500.3330701"));
        var export = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "export", ("format", "bibtex")));

        var entry = Assert.Single(BibTexParser.Parse(Encoding.UTF8.GetString(Assert.Single(export.Attachments).Content)));
        Assert.Equal("10.1145/3292500.3330701", entry.Fields["doi"]);
        Assert.Equal("https://doi.org/10.1145/3292500.3330701", entry.Fields["url"]);
        Assert.DoesNotContain("eprint", entry.Fields.Keys);
        Assert.DoesNotContain("archivePrefix", entry.Fields.Keys);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_UnknownOtherId_SaysNeitherArxivNorStoredAndChangesNothing(StorageProvider provider)
    {
        await StartWithPapersAsync(provider);
        var before = await Bot.Host.Services.GetRequiredService<PaperStore>().CountAsync(CancellationToken.None);

        var message = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "4984")));

        Assert.True(message.Ephemeral);
        Assert.Contains("`4984` is neither an arXiv id nor the id of a paper in my store", message.Content, StringComparison.Ordinal);
        Assert.Equal(before, await Bot.Host.Services.GetRequiredService<PaperStore>().CountAsync(CancellationToken.None));
        Bot.AssertClean();
    }

    private async Task StartWithPapersAsync(StorageProvider provider)
    {
        await StartAsync(provider);
        var store = Bot.Host.Services.GetRequiredService<PaperStore>();
        await store.UpsertAsync(DoiPaper, CancellationToken.None);
        await store.UpsertAsync(NumberedPaper, CancellationToken.None);
    }
}
