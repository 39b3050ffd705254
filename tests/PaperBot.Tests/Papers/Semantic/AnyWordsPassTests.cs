using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>
/// The hybrid search's any-words pass (papers holding some of a sentence's words when none holds them all): it
/// leaves out the words common in the store, and ranks every match only while there are few.
/// </summary>
[Collection(EmbedderCollection.Name)]
public sealed class AnyWordsPassTests(EmbedderFixture fixture)
{
    private const int WidgetPapers = 300;

    [Fact]
    public async Task Search_SentenceWithACommonWord_BringsInPapersByItsRarerWordsOnly()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        store.Db.SearchOptions.CandidateLimit = 100;
        await AddWidgetsAndZorblaxAsync(store.Db);

        // No paper holds all three words; "widget" is in most of the newest papers, "zorblax" in three.
        var results = await store.Search.SearchAsync(new SearchRequest("widget zorblax frobnicate", Limit: 100), CancellationToken.None);

        Assert.True(results.NoPaperHasEveryWord);
        Assert.Equal(3, results.Hits.Count(h => h.Paper.Title.Contains("zorblax", StringComparison.Ordinal)));
        var byWordsAlone = results.Hits.Where(h => h.Lexical is null && h.Semantic is null).ToList();
        Assert.NotEmpty(byWordsAlone);
        Assert.All(byWordsAlone, h => Assert.Contains("zorblax", h.Paper.Title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UncommonTerms_LeavesOutWordsAndPhrasesWithAWordInMostPapers_AndKeepsEveryWordOfASmallStore()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await AddWidgetsAndZorblaxAsync(db);
        // A hyphenated term is a phrase of its tokens: one common token makes it common.
        SearchTerm[] terms = [new("widget"), new("zorblax"), new("frobnicate"), new("widget-lattice"), new("zorblax-lattice")];

        var large = await db.CreateSearch(new SearchOptions { CandidateLimit = 100, CommonTermFraction = 0.02 }).UncommonTermsAsync(terms, CancellationToken.None);
        var small = await db.CreateSearch(new SearchOptions { CandidateLimit = 1000, CommonTermFraction = 0.02 }).UncommonTermsAsync(terms, CancellationToken.None);

        Assert.Equal(["zorblax", "frobnicate", "zorblax-lattice"], large.Select(t => t.Text));
        Assert.Equal(terms.Select(t => t.Text), small.Select(t => t.Text));
    }

    [Fact]
    public async Task SidePass_MoreMatchesThanTheCandidateLimit_RanksTheNewestWhereTheSearchRanksEveryMatch()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await AddWidgetsAndZorblaxAsync(db);
        // "widget" is in 300 of 303 papers: common for neither (at most half the store, 151), more than the limit (100).
        var search = db.CreateSearch(new SearchOptions { CandidateLimit = 100, CommonTermFraction = 0.5 });
        var query = SearchQuery.Parse("widget", db.Time).Query!;

        var user = await search.SearchAsync(query, SearchSort.Relevance, 0, 10, CancellationToken.None);
        var side = await search.SearchAsync(query, SearchSort.Relevance, 0, 10, CancellationToken.None, makeLists: false);

        Assert.False(user.TotalCountIsEstimate);
        Assert.Equal(WidgetPapers, user.TotalCount);
        Assert.True(side.TotalCountIsEstimate);
        Assert.Equal(10, side.Hits.Count);
    }

    /// <summary>300 papers with "widget" stored first, then three with "zorblax" (none with both).</summary>
    private static async Task AddWidgetsAndZorblaxAsync(DatabaseFixture db)
    {
        var widgets = Enumerable.Range(1, WidgetPapers).Select(i => Paper($"2403.{i:00000}", $"A widget catalogue, volume {i}", $"We list {i} widget parts and their suppliers."));
        await db.Papers.UpsertManyAsync([.. widgets], CancellationToken.None);
        var zorblax = Enumerable.Range(1, 3).Select(i => Paper($"2404.{i:00000}", $"The zorblax lattice, part {i}", "Lattices of zorblax crystals under pressure."));
        await db.Papers.UpsertManyAsync([.. zorblax], CancellationToken.None);
    }

    private static Paper Paper(string id, string title, string @abstract) => new()
    {
        Id = id,
        Title = title,
        Abstract = @abstract,
        Categories = ["cs.LG"],
        Published = new DateOnly(2024, 3, 1),
        Sources = ["import"],
    };
}
