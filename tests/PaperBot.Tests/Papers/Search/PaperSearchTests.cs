using PaperBot.Chat;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

public sealed class PaperSearchTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly string[] SpeculativeDecoding = ["2411.11925", "2410.03355", "2410.01699", "2302.07863"];
    private static readonly string[] Forecasting = ["2402.16516", "2106.13008", "2403.11144", "2310.06625"];

    [Fact]
    public async Task SearchAsync_SpeculativeDecoding_PutsTheFourSpeculativeDecodingPapersFirst()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("speculative decoding"), CancellationToken.None);

        Assert.Null(results.Error);
        Assert.Equal(SpeculativeDecoding.Order(), results.Hits.Take(4).Select(h => h.Paper.Id).Order());
        Assert.True(results.TotalCount >= 4);
    }

    [Theory]
    [InlineData("forecasting")]
    [InlineData("forecast")]
    [InlineData("Forecasts")]
    public async Task SearchAsync_ForecastWordForms_FindTheTimeSeriesForecastingPapers(string query)
    {
        var results = await db.Search.SearchAsync(new SearchRequest(query, Limit: 50), CancellationToken.None);

        var ids = results.Hits.Select(h => h.Paper.Id).ToHashSet();
        Assert.All(Forecasting, id => Assert.Contains(id, ids));
    }

    [Fact]
    public async Task SearchAsync_AuthorFilter_FindsOnlyThatAuthorsPapers()
    {
        var paper = await db.Papers.GetAsync("2302.07863", CancellationToken.None);
        var author = paper!.Authors[0];

        var results = await db.Search.SearchAsync(new SearchRequest($"author:\"{author}\""), CancellationToken.None);

        Assert.NotEmpty(results.Hits);
        Assert.Contains(results.Hits, h => h.Paper.Id == "2302.07863");
        Assert.All(results.Hits, h => Assert.Contains(author, h.Paper.Authors));
    }

    [Fact]
    public async Task SearchAsync_Snippet_BoldsMatchedTermsAndEscapesMarkdown()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("speculative"), CancellationToken.None);

        var snippet = DiscordMarkdown.Snippet(results.Hits[0].Snippet);
        Assert.Contains("**", snippet, StringComparison.Ordinal);
        Assert.Matches(@"\*\*[Ss]peculative\*\*", snippet);
        Assert.DoesNotContain('\uE000', snippet);
        Assert.DoesNotContain('\uE001', snippet);
    }

    [Fact]
    public async Task RelatedAsync_SpeculativeDecodingPaper_BringsUpTheOtherSpeculativeDecodingPapersFirst()
    {
        var hits = await db.Search.RelatedAsync("2410.03355", 5, CancellationToken.None);

        var expected = SpeculativeDecoding.Where(id => id != "2410.03355").Order();
        Assert.Equal(expected, hits.Take(3).Select(h => h.Paper.Id).Order());
        Assert.DoesNotContain(hits, h => h.Paper.Id == "2410.03355");
    }

    [Fact]
    public async Task SimilarToAsync_ExcludedIds_AreNeverReturned()
    {
        var hits = await db.Search.SimilarToAsync(["2410.03355", "2410.01699"], ["2411.11925"], 10, CancellationToken.None);

        Assert.NotEmpty(hits);
        Assert.DoesNotContain(hits, h => h.Paper.Id is "2410.03355" or "2410.01699" or "2411.11925");
        Assert.Contains("2302.07863", hits.Take(3).Select(h => h.Paper.Id));
    }

    [Fact]
    public async Task SuggestTitlesAsync_HalfTypedWord_MatchesTitleWordPrefixes()
    {
        var suggestions = await db.Search.SuggestTitlesAsync("speculative decodi", 25, CancellationToken.None);

        Assert.Equal(SpeculativeDecoding.Order(), suggestions.Select(s => s.PaperId).Order());
    }

    [Fact]
    public async Task SuggestTitlesAsync_UnstemmedPrefix_StillMatches()
    {
        // The stemmed index holds "gener" for "generation": autocomplete must not depend on it.
        var suggestions = await db.Search.SuggestTitlesAsync("generati", 25, CancellationToken.None);

        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.Contains("generati", s.Title, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(SearchSort.Relevance)]
    [InlineData(SearchSort.Newest)]
    [InlineData(SearchSort.Upvotes)]
    public async Task SearchAsync_EveryPage_CountsEveryMatch_AndPagesNeverOverlap(SearchSort sort)
    {
        var all = await db.Search.SearchAsync(new SearchRequest("speculative decoding", Sort: sort, Limit: 50), CancellationToken.None);
        var first = await db.Search.SearchAsync(new SearchRequest("speculative decoding", Sort: sort, Limit: 2), CancellationToken.None);
        var second = await db.Search.SearchAsync(new SearchRequest("speculative decoding", Sort: sort, Offset: 2, Limit: 2), CancellationToken.None);
        var past = await db.Search.SearchAsync(new SearchRequest("speculative decoding", Sort: sort, Offset: 40, Limit: 2), CancellationToken.None);
        var none = await db.Search.SearchAsync(new SearchRequest("zzzqqqx", Sort: sort), CancellationToken.None);

        Assert.Equal(all.Hits.Count, all.TotalCount);
        Assert.Equal(all.TotalCount, first.TotalCount);
        Assert.Equal(all.TotalCount, second.TotalCount);
        Assert.Equal(all.TotalCount, past.TotalCount);
        Assert.Empty(past.Hits);
        Assert.Equal(all.Hits.Take(4).Select(h => h.Paper.Id), first.Hits.Concat(second.Hits).Select(h => h.Paper.Id));
        Assert.Equal(0, none.TotalCount);
        Assert.Empty(none.Hits);
    }

    [Fact]
    public async Task SearchAsync_CategoryOnly_ReturnsThoseCategoriesNewestFirst()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("cat:cs.cv", Limit: 50), CancellationToken.None);

        Assert.Null(results.Error);
        Assert.NotEmpty(results.Hits);
        Assert.Equal(results.Hits.Count, results.TotalCount);
        Assert.All(results.Hits, h => Assert.Equal("cs.CV", h.Paper.PrimaryCategory));
        var dates = results.Hits.Select(h => h.Paper.Published).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
    }

    [Fact]
    public async Task SearchAsync_ArchiveCategory_CoversItsSubcategories()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("cat:cs autoregressive", Limit: 50), CancellationToken.None);

        Assert.Contains(results.Hits, h => h.Paper.PrimaryCategory == "cs.CV");
        Assert.Contains(results.Hits, h => h.Paper.PrimaryCategory == "cs.CL");
        Assert.All(results.Hits, h => Assert.StartsWith("cs.", h.Paper.PrimaryCategory, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_DateRange_KeepsOnlyPapersPublishedInIt()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("autoregressive since:2024-10-01 before:2024-11-01", Limit: 50), CancellationToken.None);

        Assert.NotEmpty(results.Hits);
        Assert.All(results.Hits, h => Assert.InRange(h.Paper.Published!.Value, new DateOnly(2024, 10, 1), new DateOnly(2024, 10, 31)));
    }

    [Fact]
    public async Task SearchAsync_DateFilters_DateAPaperWithoutPublicationDateByTheMonthInItsId()
    {
        // RandAugment (1909.13719) has no publication date in the sample data: it is from September 2019,
        // not from the day the store was created.
        var recent = await db.Search.SearchAsync(new SearchRequest("since:30d", Limit: 100), CancellationToken.None);
        var september2019 = await db.Search.SearchAsync(new SearchRequest("since:2019-09-01 before:2019-10-01", Limit: 100), CancellationToken.None);

        Assert.DoesNotContain(recent.Hits, h => h.Paper.Id == "1909.13719");
        Assert.Equal("1909.13719", Assert.Single(september2019.Hits).Paper.Id);
        Assert.Null(september2019.Hits[0].Paper.Published);
    }

    [Fact]
    public async Task SearchAsync_Exclusion_RemovesMatchingPapers()
    {
        var all = await db.Search.SearchAsync(new SearchRequest("speculative", Limit: 50), CancellationToken.None);
        var without = await db.Search.SearchAsync(new SearchRequest("speculative -image", Limit: 50), CancellationToken.None);

        Assert.True(without.TotalCount < all.TotalCount);
        Assert.All(without.Hits, h => Assert.DoesNotContain("image", h.Paper.Title + h.Paper.Abstract, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SearchAsync_Or_FindsEitherWord()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("mamba OR autoformer", Limit: 50), CancellationToken.None);

        var ids = results.Hits.Select(h => h.Paper.Id).ToList();
        Assert.Contains("2106.13008", ids);
        Assert.Contains("2403.11144", ids);
        Assert.All(results.Hits, h => Assert.Matches("(?i)mamba|autoformer", h.Paper.Title + h.Paper.Abstract));
    }

    [Fact]
    public async Task SearchAsync_PunctuatedWords_AreFoundNotRejected()
    {
        var hyphen = await db.Search.SearchAsync(new SearchRequest("auto-regressive"), CancellationToken.None);
        var apostrophe = await db.Search.SearchAsync(new SearchRequest("it's raw"), CancellationToken.None);

        Assert.Null(hyphen.Error);
        Assert.Contains(hyphen.Hits, h => h.Paper.Id == "2410.01699");
        Assert.Contains(apostrophe.Hits, h => h.Paper.Id == "2202.09729");
    }

    [Fact]
    public async Task SearchAsync_OnlyExclusions_ReturnsTheParserMessage()
    {
        var results = await db.Search.SearchAsync(new SearchRequest("-diffusion"), CancellationToken.None);

        Assert.NotNull(results.Error);
        Assert.Empty(results.Hits);
    }

    [Fact]
    public async Task SuggestTitlesAsync_ArxivUrl_FindsThatPaper()
    {
        var suggestions = await db.Search.SuggestTitlesAsync("https://arxiv.org/abs/2302.07863v2", 25, CancellationToken.None);

        Assert.Equal("2302.07863", Assert.Single(suggestions).PaperId);
    }

    [Fact]
    public async Task SuggestTitlesAsync_Empty_OffersNewestPapers()
    {
        var suggestions = await db.Search.SuggestTitlesAsync("", 5, CancellationToken.None);

        Assert.Equal(5, suggestions.Count);
        Assert.Equal("2503.01103", suggestions[0].PaperId);
    }
}
