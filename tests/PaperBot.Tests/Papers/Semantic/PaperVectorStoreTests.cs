using PaperBot.Papers;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

[Collection(EmbedderCollection.Name)]
public sealed class PaperVectorStoreTests(EmbedderFixture fixture)
{
    private const string SpeculativeId = "2302.07863";

    [Fact]
    public async Task Coverage_FreshStore_HasEverySamplePapersShippedVector()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);

        var (embedded, papers) = await store.Vectors.CoverageAsync(store.Model, CancellationToken.None);

        Assert.Equal(56, papers);
        Assert.Equal(56, embedded);
    }

    [Fact]
    public async Task ChangedAbstract_DropsTheVector_AndBackfillEmbedsItAgain()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        var paper = (await store.Db.Papers.GetAsync(SpeculativeId, CancellationToken.None))!;

        await store.Db.Papers.UpsertAsync(paper with { Version = paper.Version + 1, Abstract = "A wholly new abstract about protein folding." }, CancellationToken.None);

        var missing = await store.Vectors.ReadMissingAsync(store.Model, 0, 100, CancellationToken.None);
        Assert.Equal("A wholly new abstract about protein folding.", Assert.Single(missing).Abstract);
        Assert.Equal(1, await store.Backfill.RunAsync(null, CancellationToken.None));
        Assert.Empty(await store.Vectors.ReadMissingAsync(store.Model, 0, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ChangedUpvotesOnly_KeepsTheVector()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        var paper = (await store.Db.Papers.GetAsync(SpeculativeId, CancellationToken.None))!;

        await store.Db.Papers.UpsertAsync(paper with { Upvotes = 99, Sources = ["huggingface"] }, CancellationToken.None);

        Assert.Empty(await store.Vectors.ReadMissingAsync(store.Model, 0, 100, CancellationToken.None));
    }

    [Fact]
    public async Task Write_TextChangedSinceItWasRead_StoresNothing()
    {
        await using var store = await SemanticTestStore.CreateAsync(fixture.Embedder);
        await store.Db.Papers.UpsertAsync(new Paper { Id = "2501.00001", Title = "Old title", Abstract = "Old abstract." }, CancellationToken.None);
        var read = Assert.Single(await store.Vectors.ReadMissingAsync(store.Model, 0, 10, CancellationToken.None));
        var paper = (await store.Db.Papers.GetAsync("2501.00001", CancellationToken.None))!;
        await store.Db.Papers.UpsertAsync(paper with { Version = 2, Title = "New title" }, CancellationToken.None);

        var written = await store.Vectors.WriteAsync(store.Model, [read], [QuantizedVector.From(new float[EmbeddingModel.Dimensions])], CancellationToken.None);

        Assert.Equal(0, written);
        Assert.Single(await store.Vectors.ReadMissingAsync(store.Model, 0, 10, CancellationToken.None));
    }
}
