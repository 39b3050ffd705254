using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// <c>cat:</c> filters without words, read through the category index (<c>paper_categories</c>) when the category is
/// rare and paper by paper when it is common: the same papers either way, and the index follows every change.
/// </summary>
public sealed class CategoryFilterTests : IAsyncLifetime
{
    private DatabaseFixture db = null!;

    public async Task InitializeAsync()
    {
        db = await DatabaseFixture.CreateAsync(seed: false);
        var papers = Enumerable.Range(1, 60).Select(i => new Paper
        {
            Id = $"2403.{i:00000}",
            Title = $"Paper {i}",
            Abstract = "An abstract.",
            Categories = i % 10 == 0 ? ["q-bio.NC", "cs.LG"] : i % 15 == 0 ? ["Q-BIO.GN"] : ["cs.LG"],
            Published = new DateOnly(2024, 1, 1).AddDays(i),
            Sources = ["import"],
        });
        await db.Papers.UpsertManyAsync(papers, CancellationToken.None);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Theory]
    [InlineData("cat:q-bio.NC", new[] { 60, 50, 40, 30, 20, 10 })]
    [InlineData("cat:Q-BIO.nc", new[] { 60, 50, 40, 30, 20, 10 })]
    [InlineData("cat:q-bio", new[] { 60, 50, 45, 40, 30, 20, 15, 10 })]
    [InlineData("cat:q-bio.GN", new[] { 45, 15 })]
    [InlineData("cat:q-bio -cat:cs.LG", new[] { 45, 15 })]
    [InlineData("cat:q-bio.NC before:2024-02-01", new[] { 30, 20, 10 })]
    [InlineData("cat:q-bi", new int[0])]
    public async Task SearchAsync_RareCategory_ListsExactlyItsPapersNewestFirst(string query, int[] expected)
    {
        var results = await db.Search.SearchAsync(new SearchRequest(query, Limit: 50), CancellationToken.None);

        Assert.Null(results.Error);
        Assert.Equal(expected.Select(i => $"2403.{i:00000}"), results.Hits.Select(h => h.Paper.Id));
        Assert.Equal(expected.Length, results.TotalCount);
    }

    [Fact]
    public async Task SearchAsync_CommonAndRareCategory_ListTheSamePapersThroughEitherReading()
    {
        // cs.LG is in every paper but the two Q-BIO.GN ones; the category index is read for the rare part only.
        var common = await db.Search.SearchAsync(new SearchRequest("cat:cs.LG", Limit: 100), CancellationToken.None);
        var either = await db.Search.SearchAsync(new SearchRequest("cat:cs.LG cat:q-bio.GN", Limit: 100), CancellationToken.None);

        Assert.Equal(58, common.TotalCount);
        Assert.Equal(60, either.TotalCount);
    }

    [Fact]
    public async Task SearchAsync_CategoriesChangedOrPaperGone_FollowsTheStore()
    {
        var paper = (await db.Papers.GetAsync("2403.00007", CancellationToken.None))!;
        await db.Papers.UpsertManyAsync([paper with { Version = 2, Categories = ["q-bio.NC"], Sources = ["arxiv"] }], CancellationToken.None);
        var moved = (await db.Papers.GetAsync("2403.00010", CancellationToken.None))!;
        await db.Papers.UpsertManyAsync([moved with { Version = 2, Categories = ["cs.LG"], Sources = ["arxiv"] }], CancellationToken.None);

        var results = await db.Search.SearchAsync(new SearchRequest("cat:q-bio.NC", Limit: 50), CancellationToken.None);

        Assert.Equal(["2403.00060", "2403.00050", "2403.00040", "2403.00030", "2403.00020", "2403.00007"], results.Hits.Select(h => h.Paper.Id));
    }
}
