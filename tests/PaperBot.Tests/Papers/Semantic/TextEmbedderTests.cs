using System.Numerics.Tensors;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

[Collection(EmbedderCollection.Name)]
public sealed class TextEmbedderTests(EmbedderFixture fixture)
{
    private static PaperText Text(string title, string @abstract = "") => new(0, title, @abstract);

    [Fact]
    public void EmbedQuery_AParaphrase_IsCloserToItsPaperThanToAnUnrelatedOne()
    {
        var papers = fixture.Embedder.EmbedPapers(
            [
                Text("Fast inference from transformers via speculative decoding", "A small draft model proposes tokens that the large model verifies in parallel."),
                Text("Protein structure prediction with deep learning", "We predict the 3D structure of proteins from their amino acid sequence."),
            ],
            CancellationToken.None);
        var query = fixture.Embedder.EmbedQuery("how can a big language model answer faster with the help of a smaller one", CancellationToken.None).Span;

        Assert.True(TensorPrimitives.Dot(query, papers[0]) > TensorPrimitives.Dot(query, papers[1]) + 0.05);
    }

    [Fact]
    public void EmbedPapers_AnyText_GivesUnitVectorsOfTheModelsDimension()
    {
        var vectors = fixture.Embedder.EmbedPapers([Text("Graph neural networks"), Text("A", new string('x', 5000))], CancellationToken.None);

        Assert.All(vectors, v =>
        {
            Assert.Equal(EmbeddingModel.Dimensions, v.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(v), 3);
        });
    }

    [Fact]
    public void EmbedPapers_InABatchOfOtherLengths_EqualsEachEmbeddedAlone()
    {
        PaperText[] texts = [Text("Diffusion models for image synthesis", "We study denoising diffusion for high-resolution images."), Text("Short"), Text("Reinforcement learning from human feedback for dialogue agents")];
        var batch = fixture.Embedder.EmbedPapers(texts, CancellationToken.None);

        for (var i = 0; i < texts.Length; i++)
        {
            var single = fixture.Embedder.EmbedPapers([texts[i]], CancellationToken.None)[0];
            Assert.True(TensorPrimitives.CosineSimilarity(single, batch[i]) > 0.9999, $"text {i}");
        }
    }

    [Fact]
    public void QuantizedVector_OfAUnitVector_KeepsItsDirection()
    {
        var vector = fixture.Embedder.EmbedQuery("time series forecasting", CancellationToken.None).Span;
        var quantized = QuantizedVector.From(vector);
        var restored = QuantizedVector.FromBlob(quantized.Scale, quantized.ToBlob()).ToFloats();

        Assert.True(TensorPrimitives.CosineSimilarity(vector, restored) > 0.999);
    }

    [Theory]
    [InlineData("Graph neural networks", "", "Graph neural networks")]
    [InlineData("Graph neural networks", "We study graphs.", "Graph neural networks. We study graphs.")]
    [InlineData("Clinical features of infections", "Clinical features of infections. This review describes them.", "Clinical features of infections. This review describes them.")]
    [InlineData("A very long first sentence cut at a word…", "A very long first sentence cut at a word boundary goes on.", "A very long first sentence cut at a word boundary goes on.")]
    public void DocumentText_TitleMadeFromTheTextsStart_IsNotReadTwice(string title, string @abstract, string expected)
    {
        Assert.Equal(expected, TextEmbedder.DocumentText(title, @abstract));
    }
}
