using System.Numerics.Tensors;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

[Collection(EmbedderCollection.Name)]
public sealed class SeedVectorsTests(EmbedderFixture fixture)
{
    /// <summary>
    /// The shipped vectors are the model's output for the sample papers. With PAPERBOT_WRITE_SEED_VECTORS set
    /// to a path, this test writes that file instead (copy it to src/PaperBot/Papers/Seed/vectors.bin).
    /// </summary>
    [Fact]
    public void SeedVectors_Shipped_EqualTheModelsOutputForEverySamplePaper()
    {
        var papers = SampleData.Load();
        var vectors = fixture.Embedder.EmbedPapers([.. papers.Select(p => new PaperText(0, p.Title, p.Abstract))], CancellationToken.None);
        if (Environment.GetEnvironmentVariable("PAPERBOT_WRITE_SEED_VECTORS") is { Length: > 0 } path)
        {
            using var file = File.Create(path);
            SeedVectors.Write(file, fixture.Embedder.Model.Name, papers.Select((p, i) => KeyValuePair.Create(p.Id, QuantizedVector.From(vectors[i]))));
        }

        var (model, shipped) = SeedVectors.Load();

        Assert.Equal(fixture.Embedder.Model.Name, model);
        Assert.Equal(papers.Count, shipped.Count);
        for (var i = 0; i < papers.Count; i++)
        {
            var similarity = TensorPrimitives.CosineSimilarity(shipped[papers[i].Id].ToFloats(), vectors[i]);
            Assert.True(similarity > 0.999, $"{papers[i].Id}: the shipped vector's cosine to the model's is {similarity}");
        }
    }
}
