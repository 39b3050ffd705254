using System.Globalization;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>
/// Meaning restricted by a demand few of the nearest papers meet, in a store large enough that the first
/// candidates do not cover it: the answer must still be exactly the nearest papers that meet the demand.
/// </summary>
[Collection(EmbedderCollection.Name)]
public sealed class RestrictedMeaningTests(EmbedderFixture fixture)
{
    private const int Extra = 3_000;
    private const string Query = "faster text generation with two models";

    [Theory]
    [InlineData("author:rarename", 1)] // 30 papers: few enough to scan only them
    [InlineData("author:commonname", 5)] // 150 papers: more than the limit below, so the nearest are widened
    public async Task Search_DemandFewNearestPapersMeet_ReturnsTheExactNearestThatMeetIt(string demand, int percent)
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder, new SemanticOptions { MeaningCandidates = 5, MinSimilarity = -1 });
        store.Search.RestrictedScanLimit = 100;
        var author = demand["author:".Length..];
        var meeting = await AddPapersAsync(store, author, percent);

        var found = await store.Search.SearchAsync(new SearchRequest($"{Query} {demand}", Limit: 5), SearchMode.Meaning, CancellationToken.None);

        var exact = store.Index.Index.Search(fixture.Embedder.EmbedQuery(Query, CancellationToken.None).Span, 5, meeting);
        Assert.Equal(5, exact.Count);
        Assert.Equal(exact.Select(m => PaperId(m.Seq)), found.Hits.Select(h => h.Paper.Id));
    }

    private static string PaperId(long seq) => string.Create(CultureInfo.InvariantCulture, $"2601.{seq:00000}");

    /// <summary>
    /// Adds <see cref="Extra"/> papers with random vectors (<paramref name="percent"/> of them by <paramref name="author"/>),
    /// each paper's id made from its row id; returns the row ids of that author's papers.
    /// </summary>
    private static async Task<HashSet<long>> AddPapersAsync(SemanticTestStore store, string author, int percent)
    {
        var random = new Random(20261203);
        var papers = Enumerable.Range(0, Extra).Select(i => new Paper
        {
            Id = "tmp." + i.ToString(CultureInfo.InvariantCulture),
            Title = "Filler study number " + i.ToString(CultureInfo.InvariantCulture),
            Abstract = "Placeholder text.",
            Authors = [i % (100 / percent) == 0 ? "Quill " + author : "Ada Other"],
            Published = new DateOnly(2025, 1, 1),
            Categories = ["cs.LG"],
        }).ToList();
        await store.Db.Papers.UpsertManyAsync(papers, CancellationToken.None);
        var missing = await store.Vectors.ReadMissingAsync(store.Model, 0, Extra * 2, CancellationToken.None);
        Assert.Equal(Extra, missing.Count);
        // Ids from row ids, so the expected answer (row ids) can be compared with the hits (paper ids).
        await using (var connection = await store.Db.Connections.OpenAsync(CancellationToken.None))
        await using (var rename = connection.CreateCommand())
        {
            rename.CommandText = "UPDATE papers SET id = printf('2601.%05d', seq) WHERE id LIKE 'tmp.%'";
            await rename.ExecuteNonQueryAsync();
        }

        var vectors = missing.Select(_ =>
        {
            var vector = Enumerable.Range(0, EmbeddingModel.Dimensions).Select(_ => random.NextSingle() - 0.5f).ToArray();
            VectorMath.Normalize(vector);
            return QuantizedVector.From(vector);
        }).ToArray();
        Assert.Equal(Extra, await store.Vectors.WriteAsync(store.Model, missing, vectors, CancellationToken.None));
        await store.Index.RefreshAsync(CancellationToken.None);
        return [.. missing.Where(p => IsBy(p, percent)).Select(p => p.Seq)];
    }

    private static bool IsBy(PaperText paper, int percent) =>
        int.Parse(paper.Title["Filler study number ".Length..], CultureInfo.InvariantCulture) % (100 / percent) == 0;
}
