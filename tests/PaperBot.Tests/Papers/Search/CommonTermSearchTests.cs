using PaperBot.Chat;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// The bounded plan for queries whose words are in most papers, driven on a small store by shrinking
/// the candidate window (the real thresholds need hundreds of thousands of papers).
/// </summary>
public sealed class CommonTermSearchTests : IAsyncLifetime
{
    private const int Papers = 600;
    private DatabaseFixture db = null!;
    private PaperSearch search = null!;

    public async Task InitializeAsync()
    {
        db = await DatabaseFixture.CreateAsync(seed: false);
        var papers = Enumerable.Range(1, Papers).Select(i => new Paper
        {
            Id = $"2401.{i:00000}",
            Title = i == 1 ? "Model model model" : i % 10 == 0 ? $"A model study {i}" : $"Study number {i}",
            Abstract = i % 3 == 0 ? "A model of glaciers and the ice sheets." : "A model of rivers.",
            Categories = [i == 2 ? "math.AG" : "cs.LG"],
            Published = new DateOnly(2024, 1, 1).AddDays(i % 300),
            Sources = ["import"],
        });
        await db.Papers.UpsertManyAsync(papers, CancellationToken.None);
        search = db.CreateSearch(new SearchOptions { CandidateLimit = 100, CommonTermFraction = 0.02 });
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task SearchAsync_WordInEveryPaper_RanksTheOldBestMatchFirstAndEstimatesTheTotal()
    {
        var results = await search.SearchAsync(new SearchRequest("model"), CancellationToken.None);

        Assert.Null(results.Error);
        Assert.True(results.TotalCountIsEstimate);
        Assert.InRange(results.TotalCount, Papers * 0.7, Papers * 1.3);
        Assert.Equal(10, results.Hits.Count);
        // The oldest paper has the word three times in its title: ranked over every match, it comes first.
        Assert.Equal("2401.00001", results.Hits[0].Paper.Id);
    }

    [Fact]
    public async Task SearchAsync_WordInEveryPaper_RanksAsBm25OverEveryMatch()
    {
        var results = await search.SearchAsync(new SearchRequest("model"), CancellationToken.None);
        // The default candidate limit (1,000) makes the word rare enough here to be ranked over every match.
        var exact = await db.Search.SearchAsync(new SearchRequest("model"), CancellationToken.None);

        Assert.False(exact.TotalCountIsEstimate);
        Assert.Equal(exact.Hits.Select(h => h.Paper.Id), results.Hits.Select(h => h.Paper.Id));
        Assert.Equal(exact.Hits[0].Score, results.Hits[0].Score, 9);
        Assert.Contains("**model**", DiscordMarkdown.Snippet(results.Hits[0].Snippet), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SearchAsync_WordInEveryPaperSortedByNewest_ListsTheNewestPublishedOfTheWholeStore()
    {
        // Paper 299 was stored long before the window of recent papers, but is among the newest published.
        var first = await search.SearchAsync(new SearchRequest("model", SearchSort.Newest, Limit: 4), CancellationToken.None);
        var second = await search.SearchAsync(new SearchRequest("model", SearchSort.Newest, Offset: 4, Limit: 4), CancellationToken.None);

        Assert.Equal(["2401.00599", "2401.00299", "2401.00598", "2401.00298"], first.Hits.Select(h => h.Paper.Id));
        Assert.Equal(["2401.00597", "2401.00297", "2401.00596", "2401.00296"], second.Hits.Select(h => h.Paper.Id));
        Assert.True(first.TotalCountIsEstimate);
    }

    [Fact]
    public async Task SearchAsync_WordInEveryPaperSortedByUpvotes_ListsTheMostUpvotedOfTheWholeStore()
    {
        var old = (await db.Papers.GetAsync("2401.00005", CancellationToken.None))!;
        var recent = (await db.Papers.GetAsync("2401.00590", CancellationToken.None))!;
        await db.Papers.UpsertManyAsync([old with { Upvotes = 99, Sources = ["huggingface"] }, recent with { Upvotes = 50, Sources = ["huggingface"] }], CancellationToken.None);

        var results = await search.SearchAsync(new SearchRequest("model", SearchSort.Upvotes, Limit: 3), CancellationToken.None);

        // Paper 5 was stored long before the window of recent papers; then the papers without a count, newest stored first.
        Assert.Equal(["2401.00005", "2401.00590", "2401.00600"], results.Hits.Select(h => h.Paper.Id));
        Assert.Equal(SearchSort.Upvotes, results.SortedBy);
    }

    [Fact]
    public async Task SearchAsync_SameWordWithTheDefaultSettings_RanksEveryMatch()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("model"), CancellationToken.None);

        Assert.False(results.TotalCountIsEstimate);
        Assert.Equal(Papers, results.TotalCount);
        Assert.Equal("2401.00001", results.Hits[0].Paper.Id);
    }

    [Fact]
    public async Task SearchAsync_CommonWordWithRareFilter_StillFindsTheOldMatch()
    {
        var results = await search.SearchAsync(new SearchRequest("model cat:math.AG"), CancellationToken.None);

        Assert.Equal("2401.00002", Assert.Single(results.Hits).Paper.Id);
        Assert.Equal(1, results.TotalCount);
    }

    [Fact]
    public async Task SearchAsync_RarerWord_IsCountedExactly()
    {
        var results = await search.SearchAsync(new SearchRequest("glaciers ice"), CancellationToken.None);

        // A third of the papers: still common at this window size, so the count is an estimate near 200.
        Assert.InRange(results.TotalCount, 140, 260);
        var exact = await search.SearchAsync(new SearchRequest("\"study number 17\""), CancellationToken.None);
        Assert.False(exact.TotalCountIsEstimate);
        Assert.Equal(1, exact.TotalCount);
    }

    [Fact]
    public async Task SearchAsync_PagingThroughCommonResults_NeverRepeatsAPaper()
    {
        var seen = new HashSet<string>();
        for (var offset = 0; offset < 30; offset += 10)
        {
            var page = await search.SearchAsync(new SearchRequest("model", Offset: offset), CancellationToken.None);
            Assert.All(page.Hits, h => Assert.True(seen.Add(h.Paper.Id)));
        }

        Assert.Equal(30, seen.Count);
    }

    [Fact]
    public async Task SearchAsync_PagingPastTheCandidateWindow_ListsEveryMatchOnceInOneOrder()
    {
        // Pages of 10 through all 600 matches: far past CandidateLimit / 2 (50) and past the ranked candidates.
        var paged = new List<string>();
        for (var offset = 0; ; offset += 10)
        {
            var page = await search.SearchAsync(new SearchRequest("model", Offset: offset), CancellationToken.None);
            if (page.Hits.Count == 0)
            {
                break;
            }

            paged.AddRange(page.Hits.Select(h => h.Paper.Id));
        }

        // The same order read in one go, 100 at a time.
        var whole = new List<string>();
        for (var offset = 0; offset < Papers; offset += 100)
        {
            whole.AddRange((await search.SearchAsync(new SearchRequest("model", Offset: offset, Limit: 100), CancellationToken.None)).Hits.Select(h => h.Paper.Id));
        }

        Assert.Equal(Papers, paged.Count);
        Assert.Equal(Papers, paged.Distinct().Count());
        Assert.Equal(whole, paged);
    }

    [Fact]
    public async Task SearchAsync_FamousTitleOfCommonWordsBeforeManyNewerMatches_IsFoundFirst()
    {
        await using var store = await DatabaseFixture.CreateAsync(seed: false);
        var famous = new Paper
        {
            Id = "1706.03762",
            Title = "Attention Is All You Need",
            Abstract = "The dominant sequence transduction models are based on complex recurrent networks.",
            Categories = ["cs.CL"],
            Published = new DateOnly(2017, 6, 12),
            Sources = ["import"],
        };
        await store.Papers.UpsertManyAsync([famous], CancellationToken.None);
        // More than the candidate limit of newer papers holding every word, in their abstracts.
        await store.Papers.UpsertManyAsync(Enumerable.Range(1, 400).Select(i => new Paper
        {
            Id = $"2501.{i:00000}",
            Title = $"Graph study number {i}",
            Abstract = $"We ask whether all you need is attention, and show that attention alone is not all that graphs need in case {i}.",
            Categories = ["cs.LG"],
            Published = new DateOnly(2025, 1, 1).AddDays(i % 300),
            Sources = ["import"],
        }), CancellationToken.None);
        var small = store.CreateSearch(new SearchOptions { CandidateLimit = 100, CommonTermFraction = 0.02 });

        var results = await small.SearchAsync(new SearchRequest("attention is all you need"), CancellationToken.None);

        Assert.True(results.TotalCountIsEstimate);
        Assert.Equal("1706.03762", results.Hits[0].Paper.Id);
    }
}
