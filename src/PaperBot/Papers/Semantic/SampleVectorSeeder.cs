namespace PaperBot.Papers.Semantic;

/// <summary>Gives a new store's sample papers their shipped vectors, right after they are seeded.</summary>
public sealed class SampleVectorSeeder(PaperVectorStore store, PaperEmbedder embedder)
{
    public Task<int> SeedAsync(CancellationToken cancellationToken) =>
        embedder.Enabled ? store.SeedAsync(embedder.Model.Name, cancellationToken) : Task.FromResult(0);
}
