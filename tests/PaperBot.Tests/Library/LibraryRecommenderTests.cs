using PaperBot.Tests.TestSupport;
using PaperBot.Storage;
using PaperBot.Library;
using Xunit.Abstractions;

namespace PaperBot.Tests.Library;

public sealed class LibraryRecommenderTests(ITestOutputHelper output)
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RecommendAsync_TwoSpeculativeDecodingSaves_RecommendsTheOtherTwoFirst(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var store = LibraryDatabase.Store(db);
        await store.SaveAsync(1, "2410.03355", 10, 20, SaveSources.Command, CancellationToken.None);
        await store.SaveAsync(1, "2411.11925", 10, 20, SaveSources.Command, CancellationToken.None);
        var recommender = new LibraryRecommender(store, db.Papers, db.Search);

        var recommendations = await recommender.RecommendAsync(1, 5, CancellationToken.None);
        output.WriteLine(string.Join("\n", recommendations.Select(r => $"{r.Paper.Id} {r.Score:F2} {r.Paper.Title}")));

        Assert.Equal(["2302.07863", "2410.01699"], recommendations.Take(2).Select(r => r.Paper.Id).Order());
        Assert.DoesNotContain(recommendations, r => r.Paper.Id is "2410.03355" or "2411.11925");
        Assert.All(recommendations, r => Assert.Contains(r.BecauseOf.Id, new[] { "2410.03355", "2411.11925" }));
        Assert.StartsWith("because you saved ", recommendations[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RecommendAsync_EmptyLibrary_Nothing(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        var recommender = new LibraryRecommender(LibraryDatabase.Store(db), db.Papers, db.Search);

        Assert.Empty(await recommender.RecommendAsync(1, 5, CancellationToken.None));
    }
}
