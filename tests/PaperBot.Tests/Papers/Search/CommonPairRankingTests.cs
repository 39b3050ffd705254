using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// Common pairs ranked from the word lists: a paper missing from one word's list is looked up for that word
/// alone, and the result must be BM25 over every match, on a store where each word's best papers differ from the
/// pair's and from the newest matches (the window of the newest matches got it wrong).
/// </summary>
public sealed class CommonPairRankingTests : IAsyncLifetime
{
    private const int Papers = 1_500;
    private DatabaseFixture db = null!;

    public async Task InitializeAsync()
    {
        db = await DatabaseFixture.CreateAsync(seed: false);
        var random = new Random(20261203);
        var papers = Enumerable.Range(1, Papers).Select(i =>
        {
            // Every paper holds "learning" and most hold "rivers", each 1-6 times, among 5-60 words of filler:
            // short papers with one word many times lead that word's list whatever the other word does.
            var words = Enumerable.Repeat("learning", random.Next(1, 7))
                .Concat(Enumerable.Repeat("rivers", i % 13 == 0 ? 0 : random.Next(1, 7)))
                .Concat(Enumerable.Range(0, random.Next(5, 61)).Select(w => $"filler{random.Next(1, 400)}"))
                .OrderBy(_ => random.Next())
                .ToList();
            return new Paper
            {
                Id = $"2403.{i:00000}",
                Title = $"Study number {i}",
                Abstract = string.Join(' ', words) + (i % 7 == 0 ? " of models" : ""),
                Categories = ["cs.LG"],
                Published = new DateOnly(2024, 1, 1).AddDays(i % 300),
                Sources = ["import"],
            };
        }).ToList();
        await db.Papers.UpsertManyAsync(papers, CancellationToken.None);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    // Lists of 100 papers leave candidates to look up; lists of 400 (the default length for this limit) hold the
    // page's papers, and the walk down them stops long before their end.
    [Theory]
    [InlineData("learning rivers", 0, 10, 100)]
    [InlineData("rivers learning", 0, 10, 100)]
    [InlineData("learning rivers", 10, 10, 100)]
    [InlineData("learning rivers", 0, 40, 100)]
    [InlineData("learning rivers study", 0, 10, 100)]
    [InlineData("learning rivers", 0, 10, null)]
    [InlineData("rivers learning", 30, 10, null)]
    [InlineData("learning rivers", 0, 100, null)]
    public async Task SearchAsync_CommonPairWhoseListsDiffer_RanksAsExactBm25OverEveryMatch(string query, int offset, int limit, int? listSize)
    {
        using var search = CreateSearch(candidateLimit: 20, listSize: listSize);
        using var exact = CreateSearch(candidateLimit: 1_000_000);
        using var window = CreateSearch(candidateLimit: 20, fromLists: false);

        var results = await search.SearchAsync(new SearchRequest(query, Offset: offset, Limit: limit), CancellationToken.None);
        var expected = await exact.SearchAsync(new SearchRequest(query, Offset: offset, Limit: limit), CancellationToken.None);
        var windowed = await window.SearchAsync(new SearchRequest(query, Offset: offset, Limit: limit), CancellationToken.None);

        // Ranked from the lists (an estimated total), with papers missing from a list looked up for that word.
        Assert.True(results.TotalCountIsEstimate, query);
        if (listSize is not null)
        {
            Assert.True(search.CandidatesLookedUp > 0);
        }
        else if (limit == 10)
        {
            // The walk stopped within the lists: it met fewer papers than the two lists hold.
            Assert.InRange(search.CandidatesMet, 1, 399);
        }
        Assert.NotEqual(expected.Hits.Select(h => h.Paper.Id), windowed.Hits.Select(h => h.Paper.Id));
        Assert.Equal(expected.Hits.Select(h => h.Paper.Id), results.Hits.Select(h => h.Paper.Id));
        Assert.Equal(expected.Hits.Select(h => h.Score), results.Hits.Select(h => h.Score));
    }

    // Lists of 12 papers hold fewer than a page of papers in both: the page's last score is not above the sum of the
    // lists' floors, so a paper in neither list could belong on it, and the lists cannot settle the page.
    [Theory]
    [InlineData("learning rivers", 0, 10)]
    [InlineData("rivers learning", 20, 10)]
    public async Task SearchAsync_ListsTooShortToSettleThePage_RanksAsExactBm25OverEveryMatch(string query, int offset, int limit)
    {
        using var search = CreateSearch(candidateLimit: 20, listSize: 12);
        using var exact = CreateSearch(candidateLimit: 1_000_000);

        var results = await search.SearchAsync(new SearchRequest(query, Offset: offset, Limit: limit), CancellationToken.None);
        var expected = await exact.SearchAsync(new SearchRequest(query, Offset: offset, Limit: limit), CancellationToken.None);

        Assert.True(search.HasCommonList("learn"));
        Assert.Equal(expected.Hits.Select(h => h.Paper.Id), results.Hits.Select(h => h.Paper.Id));
        Assert.Equal(expected.Hits.Select(h => h.Score), results.Hits.Select(h => h.Score));
    }

    [Fact]
    public async Task SearchAsync_CommonPairAfterNewerPapers_RanksTheNewerMatchesToo()
    {
        using var search = CreateSearch(candidateLimit: 20);
        await search.SearchAsync(new SearchRequest("learning rivers"), CancellationToken.None);
        // Fewer papers than the candidate limit stored since the lists were made: the lists stay, the new papers
        // are candidates without a bound. One of them is the pair's best match.
        await db.Papers.UpsertManyAsync(
        [
            new Paper { Id = "2404.00001", Title = "Learning rivers", Abstract = "learning rivers learning rivers", Categories = ["cs.LG"], Sources = ["import"] },
            new Paper { Id = "2404.00002", Title = "Other", Abstract = "learning filler1 filler2", Categories = ["cs.LG"], Sources = ["import"] },
        ], CancellationToken.None);
        using var exact = CreateSearch(candidateLimit: 1_000_000);

        var results = await search.SearchAsync(new SearchRequest("learning rivers"), CancellationToken.None);
        var expected = await exact.SearchAsync(new SearchRequest("learning rivers"), CancellationToken.None);

        Assert.Equal("2404.00001", expected.Hits[0].Paper.Id);
        Assert.Equal(expected.Hits.Select(h => h.Paper.Id), results.Hits.Select(h => h.Paper.Id));
    }

    private PaperSearch CreateSearch(int candidateLimit, bool fromLists = true, int? listSize = null) =>
        new(db.Connections, db.Time, Options.Create(new SearchOptions { CandidateLimit = candidateLimit, CommonTermFraction = 0.02 }), NullLogger<PaperSearch>.Instance)
        {
            CountFrequentWordsFrom = long.MaxValue,
            RankCommonFromLists = fromLists,
            CommonListSize = listSize,
        };
}
