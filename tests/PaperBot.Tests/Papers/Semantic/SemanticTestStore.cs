using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Papers.Semantic;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>A seeded temp store with its shipped sample vectors, and the semantic services over it.</summary>
public sealed class SemanticTestStore : IAsyncDisposable
{
    private SemanticTestStore(DatabaseFixture db, PaperEmbedder embedder, SemanticOptions options)
    {
        Db = db;
        Vectors = new PaperVectorStore(db.Connections);
        Index = new SemanticIndex(Vectors, embedder, NullLogger<SemanticIndex>.Instance);
        Search = new HybridSearch(db.Search, embedder, Index, db.Connections, db.Time, Options.Create(options));
        Backfill = new EmbeddingBackfill(embedder, Vectors, Index);
        Model = embedder.Model.Name;
    }

    public DatabaseFixture Db { get; }

    public PaperVectorStore Vectors { get; }

    public SemanticIndex Index { get; }

    public HybridSearch Search { get; }

    public EmbeddingBackfill Backfill { get; }

    public string Model { get; }

    public static async Task<SemanticTestStore> CreateAsync(PaperEmbedder embedder, SemanticOptions? options = null)
    {
        var db = await DatabaseFixture.CreateAsync();
        var store = new SemanticTestStore(db, embedder, options ?? new SemanticOptions());
        await new SampleVectorSeeder(store.Vectors, embedder).SeedAsync(CancellationToken.None);
        return store;
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
