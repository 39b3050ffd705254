using PaperBot.Storage;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// Gives a new store's sample papers their shipped vectors. Registered after the sample papers' own seeder
/// (<c>AddPapers()</c> comes before <c>AddSemantic()</c>), so the papers are there when it runs.
/// </summary>
public sealed class SampleVectorSeeder(PaperVectorStore store, PaperEmbedder embedder) : IDatabaseSeeder
{
    public Task SeedNewDatabaseAsync(CancellationToken cancellationToken) => SeedAsync(cancellationToken);

    public Task<int> SeedAsync(CancellationToken cancellationToken) =>
        embedder.Enabled ? store.SeedAsync(embedder.Model.Name, cancellationToken) : Task.FromResult(0);
}
