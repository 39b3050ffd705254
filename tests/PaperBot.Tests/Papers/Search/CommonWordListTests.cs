using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// The best-paper lists of the most frequent words, made in the background once the index's words are counted
/// (a store needs a word in <see cref="PaperSearch.FrequentWordRows"/> papers for that count), and found by the
/// words users type, which the index holds as stems.
/// </summary>
public sealed class CommonWordListTests : IAsyncLifetime
{
    private const int Papers = 1_100;
    private DatabaseFixture db = null!;

    public async Task InitializeAsync()
    {
        db = await DatabaseFixture.CreateAsync(seed: false);
        var papers = Enumerable.Range(1, Papers).Select(i => new Paper
        {
            Id = $"2402.{i:00000}",
            Title = $"Study number {i}",
            // Each paper holds both words, some several times, in abstracts of different lengths.
            Abstract = string.Join(' ', Enumerable.Repeat("learning", 1 + (i % 7)).Concat(Enumerable.Repeat("models of rivers", 1 + (i % 5)))),
            Categories = ["cs.LG"],
            Published = new DateOnly(2024, 1, 1).AddDays(i % 300),
            Sources = ["import"],
        });
        await db.Papers.UpsertManyAsync(papers, CancellationToken.None);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task PrepareWordCountsAsync_LargeStore_MakesTheListsAheadUnderTheIndexTokens()
    {
        using var search = CreateSearch(countFrequentWordsFrom: 0);

        await search.PrepareWordCountsAsync(CancellationToken.None);
        await search.FrequentWordsCounted;

        Assert.True(search.HasCommonList("learn"));
        Assert.True(search.HasCommonList("model"));
        Assert.False(search.HasCommonList("learning"));
    }

    [Fact]
    public async Task SearchAsync_TypedFormsOfListedStems_RankFromTheListsMadeAheadAsExactBm25()
    {
        using var search = CreateSearch(countFrequentWordsFrom: 0);
        await search.PrepareWordCountsAsync(CancellationToken.None);
        await search.FrequentWordsCounted;
        using var exact = CreateSearch(countFrequentWordsFrom: long.MaxValue, candidateLimit: 1_000_000);

        foreach (var query in new[] { "learning", "learned model", "models learning" })
        {
            var results = await search.SearchAsync(new SearchRequest(query), CancellationToken.None);
            var expected = await exact.SearchAsync(new SearchRequest(query), CancellationToken.None);

            // Ranked from the lists (the estimate of the window of newest matches), and exactly as over every match.
            Assert.True(results.TotalCountIsEstimate, query);
            Assert.False(expected.TotalCountIsEstimate);
            Assert.Equal(expected.Hits.Select(h => h.Paper.Id), results.Hits.Select(h => h.Paper.Id));
            Assert.Equal(expected.Hits[0].Score, results.Hits[0].Score, 9);
        }
    }

    [Fact]
    public async Task SearchAsync_SidePassWithoutLists_RanksTheNewestMatchesAndMakesNoList()
    {
        // Hybrid search's any-words pass: making a word's list ranks it over the whole store, which it must not pay for.
        using var search = CreateSearch(countFrequentWordsFrom: long.MaxValue);
        var query = SearchQuery.Parse("rivers OR learning", db.Time).Query!;

        var side = await search.SearchAsync(query, SearchSort.Relevance, 0, 10, CancellationToken.None, makeLists: false);

        Assert.Equal(10, side.Hits.Count);
        Assert.True(side.TotalCountIsEstimate);
        Assert.False(search.HasCommonList("river"));
        Assert.False(search.HasCommonList("learn"));

        // The user's own query still makes them, as before.
        await search.SearchAsync(query, SearchSort.Relevance, 0, 10, CancellationToken.None);
        Assert.True(search.HasCommonList("river"));
    }

    private PaperSearch CreateSearch(long countFrequentWordsFrom, int candidateLimit = 100) =>
        new(db.Connections, db.Time, Options.Create(new SearchOptions { CandidateLimit = candidateLimit, CommonTermFraction = 0.02 }), NullLogger<PaperSearch>.Instance)
        {
            CountFrequentWordsFrom = countFrequentWordsFrom,
        };
}
