using Dapper;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

[Collection(EmbedderCollection.Name)]
public sealed class HybridSearchTests(EmbedderFixture fixture)
{
    private const string BigLittleDecoder = "2302.07863";

    private static Paper Unembedded => new()
    {
        Id = "2501.09999",
        Title = "Zorblaxian codes for quantum error correction",
        Abstract = "We correct errors of superconducting qubits with zorblaxian codes.",
        Authors = ["Ada Quill"],
        Published = new DateOnly(2025, 1, 20),
        Categories = ["quant-ph"],
    };

    [Fact]
    public async Task Search_SentenceSharingFewWords_FindsThePaperItDescribes()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);

        var results = await store.Search.SearchAsync(new SearchRequest("how can a big language model answer faster by letting a smaller model propose tokens that the big one only checks", Limit: 3), CancellationToken.None);

        Assert.Contains(results.Hits, h => h.Paper.Id == BigLittleDecoder);
        Assert.True(results.NoPaperHasEveryWord);
        Assert.All(results.Hits, h => Assert.NotNull(h.Semantic));
    }

    [Fact]
    public async Task Search_SentenceFusedPage_HighlightsTheQueryWordsEachPaperHolds()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        string[] words = ["language", "faster", "smaller", "propose", "tokens", "checks"];

        var results = await store.Search.SearchAsync(new SearchRequest("how can a big language model answer faster by letting a smaller model propose tokens that the big one only checks", Limit: 10), CancellationToken.None);

        Assert.True(results.NoPaperHasEveryWord);
        Assert.Equal(10, results.Hits.Count);
        var holding = results.Hits.Where(h => words.Any(w => System.Text.RegularExpressions.Regex.IsMatch(h.Paper.Abstract, $@"\b{w}\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))).ToList();
        Assert.NotEmpty(holding);
        Assert.All(holding, h => Assert.Contains(SnippetFormatter.Open, h.Snippet));
        Assert.All(results.Hits.Except(holding), h => Assert.StartsWith(h.Paper.Abstract[..20], h.Snippet, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_ByMeaningOnly_HighlightsTheQueryWordsButNotItsStopWords()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);

        var results = await store.Search.SearchAsync(new SearchRequest("how can a big language model answer faster by letting a smaller model propose tokens that the big one only checks", Limit: 10), SearchMode.Meaning, CancellationToken.None);

        Assert.Equal(10, results.Hits.Count);
        Assert.Contains(results.Hits, h => h.Snippet.Contains(SnippetFormatter.Open, StringComparison.Ordinal));
        Assert.All(results.Hits, h => Assert.DoesNotMatch("\uE000(?i:how|can|a|by|that|the)\uE001", h.Snippet));
    }

    [Fact]
    public async Task Search_ByMeaningPapersHoldingNoQueryWord_ShowThemWholeWithTheirAbstractsStart()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        string[] words = ["quickening", "replies", "drafting", "helpers"];

        var results = await store.Search.SearchAsync(new SearchRequest("quickening replies with drafting helpers", Limit: 10), SearchMode.Meaning, CancellationToken.None);

        Assert.NotEmpty(results.Hits);
        var holdingNone = results.Hits.Where(h => !words.Any(w => System.Text.RegularExpressions.Regex.IsMatch(h.Paper.Title + " " + h.Paper.Abstract, $@"\b{w}\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))).ToList();
        Assert.NotEmpty(holdingNone);
        Assert.All(holdingNone, h => Assert.StartsWith(h.Paper.Abstract[..20], h.Snippet, StringComparison.Ordinal));
        Assert.All(results.Hits, h => Assert.False(string.IsNullOrEmpty(h.Paper.Title)));
    }

    [Fact]
    public async Task Search_SentenceNoPaperHasEveryWordByNewest_ComesNewestFirst()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        const string sentence = "how can a big language model answer faster by letting a smaller model propose tokens that the big one only checks";

        var byRelevance = await store.Search.SearchAsync(new SearchRequest(sentence, Limit: 10), CancellationToken.None);
        var newest = await store.Search.SearchAsync(new SearchRequest(sentence, SearchSort.Newest, Limit: 10), CancellationToken.None);

        Assert.True(newest.NoPaperHasEveryWord);
        Assert.Equal(10, newest.Hits.Count);
        var dates = newest.Hits.Select(h => h.Paper.Published).ToList();
        Assert.Equal(dates.OrderDescending(), dates);
        Assert.NotEqual(byRelevance.Hits.Select(h => h.Paper.Published), dates);
    }

    [Fact]
    public async Task Search_SentenceNoPaperHasEveryWordByUpvotes_PagesMostUpvotedFirstWithWholePapers()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        const string sentence = "how can a big language model answer faster by letting a smaller model propose tokens that the big one only checks";
        // The sample papers come without upvotes: give them spread-out counts, a few left without any.
        var connection = await store.Db.Connections.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            await connection.ExecuteAsync("UPDATE papers SET upvotes = CASE WHEN seq % 7 = 0 THEN NULL ELSE (seq * 37) % 101 END");
        }

        var first = await store.Search.SearchAsync(new SearchRequest(sentence, SearchSort.Upvotes, Limit: 10), CancellationToken.None);
        var second = await store.Search.SearchAsync(new SearchRequest(sentence, SearchSort.Upvotes, Offset: 10, Limit: 10), CancellationToken.None);

        Assert.True(first.NoPaperHasEveryWord);
        Assert.Equal(10, first.Hits.Count);
        Assert.NotEmpty(second.Hits);
        var votes = first.Hits.Concat(second.Hits).Select(h => h.Paper.Upvotes ?? -1).ToList();
        Assert.Equal(votes.OrderDescending(), votes);
        Assert.True(votes.Distinct().Count() > 5);
        Assert.Empty(first.Hits.Select(h => h.Paper.Id).Intersect(second.Hits.Select(h => h.Paper.Id)));
        Assert.All(first.Hits.Concat(second.Hits), h =>
        {
            Assert.False(string.IsNullOrEmpty(h.Paper.Title));
            Assert.False(string.IsNullOrEmpty(h.Paper.Abstract));
            Assert.False(string.IsNullOrEmpty(h.Snippet));
        });
    }

    [Fact]
    public async Task Search_WordsNoPaperHasAll_AnswersWithPapersInsteadOfNothing()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);

        var words = await store.Db.Search.SearchAsync(new SearchRequest("multimodal reasoning"), CancellationToken.None);
        var hybrid = await store.Search.SearchAsync(new SearchRequest("multimodal reasoning"), CancellationToken.None);

        Assert.Empty(words.Hits);
        Assert.NotEmpty(hybrid.Hits);
        Assert.True(hybrid.NoPaperHasEveryWord);
    }

    [Fact]
    public async Task Search_KeywordQueryPapersHold_RanksExactlyAsTheWordsSearch()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);

        var words = await store.Db.Search.SearchAsync(new SearchRequest("speculative decoding"), CancellationToken.None);
        var hybrid = await store.Search.SearchAsync(new SearchRequest("speculative decoding"), CancellationToken.None);

        Assert.Equal(words.Hits.Select(h => h.Paper.Id), hybrid.Hits.Select(h => h.Paper.Id));
        Assert.Equal(words.TotalCount, hybrid.TotalCount);
        Assert.All(hybrid.Hits, h => Assert.Equal(h.Score, h.Lexical));
    }

    [Theory]
    [InlineData("image generation with autoregressive transformers cat:cs.CL")]
    [InlineData("image generation with autoregressive transformers since:2024-10-01")]
    [InlineData("faster text generation with two models author:kim")]
    [InlineData("image generation with autoregressive transformers -speculative")]
    [InlineData("image generation with autoregressive transformers \"visual autoregressive\"")]
    public async Task Search_ByMeaningWithRestrictions_KeepsOnlyPapersMeetingThem(string query)
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        var parsed = SearchQuery.Parse(query, store.Db.Time).Query!;

        var meaning = await store.Search.SearchAsync(new SearchRequest(query, Limit: 50), SearchMode.Meaning, CancellationToken.None);
        var all = await store.Search.SearchAsync(new SearchRequest(HybridSearch.MeaningText(parsed), Limit: 50), SearchMode.Meaning, CancellationToken.None);

        Assert.NotEmpty(meaning.Hits);
        Assert.True(meaning.Hits.Count < all.Hits.Count);
        Assert.All(meaning.Hits, h =>
        {
            var text = $"{h.Paper.Title} {h.Paper.Abstract}";
            if (parsed.Categories.Count > 0)
            {
                Assert.Contains("cs.CL", h.Paper.Categories);
            }

            if (parsed.Since is { } since)
            {
                Assert.True(h.Paper.Published >= since, h.Paper.Id);
            }

            if (parsed.Exclusions.Count > 0)
            {
                Assert.DoesNotContain("speculative", text, StringComparison.OrdinalIgnoreCase);
            }

            if (parsed.PositiveTerms.Any(t => t.Field == SearchField.Authors))
            {
                Assert.Contains(h.Paper.Authors, a => a.Contains("kim", StringComparison.OrdinalIgnoreCase));
            }

            if (query.Contains('"', StringComparison.Ordinal))
            {
                Assert.Contains("visual autoregressive", text, StringComparison.OrdinalIgnoreCase);
            }
        });
    }

    [Fact]
    public async Task Search_PaperWithoutAVector_IsStillFoundByItsWords()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        await store.Db.Papers.UpsertAsync(Unembedded, CancellationToken.None);

        var keyword = await store.Search.SearchAsync(new SearchRequest("zorblaxian"), CancellationToken.None);
        var sentence = await store.Search.SearchAsync(new SearchRequest("zorblaxian error correcting codes protecting superconducting qubits from noise"), CancellationToken.None);
        var meaning = await store.Search.SearchAsync(new SearchRequest("zorblaxian error correcting codes protecting superconducting qubits from noise"), SearchMode.Meaning, CancellationToken.None);

        Assert.Equal(Unembedded.Id, Assert.Single(keyword.Hits).Paper.Id);
        var found = Assert.Single(sentence.Hits, h => h.Paper.Id == Unembedded.Id);
        Assert.Null(found.Semantic);
        Assert.DoesNotContain(meaning.Hits, h => h.Paper.Id == Unembedded.Id);
    }

    [Fact]
    public async Task Search_Paging_ReturnsEachPaperOnce()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        const string Query = "generating images one token at a time";

        var pages = new List<SearchHit>();
        for (var page = 0; page < 4; page++)
        {
            pages.AddRange((await store.Search.SearchAsync(new SearchRequest(Query, Offset: page * 5, Limit: 5), CancellationToken.None)).Hits);
        }

        var whole = await store.Search.SearchAsync(new SearchRequest(Query, Limit: 20), CancellationToken.None);
        Assert.Equal(whole.Hits.Select(h => h.Paper.Id), pages.Select(h => h.Paper.Id));
        Assert.Equal(pages.Count, pages.Select(h => h.Paper.Id).Distinct().Count());
    }

    [Fact]
    public async Task Search_SortedByNewest_ListsTheMeaningMatchesNewestFirst()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);

        var results = await store.Search.SearchAsync(new SearchRequest("generating images one token at a time", SearchSort.Newest, Limit: 10), CancellationToken.None);

        Assert.NotEmpty(results.Hits);
        var dates = results.Hits.Select(h => h.Paper.Published ?? DateOnly.MinValue).ToArray();
        Assert.Equal(dates.OrderDescending(), dates);
    }
}
