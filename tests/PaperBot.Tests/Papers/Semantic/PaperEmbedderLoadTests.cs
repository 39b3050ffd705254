using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

public sealed class PaperEmbedderLoadTests
{
    [Fact]
    public void LoadReleasingModelBytes_SessionStarted_ModelBytesAreCollected()
    {
        var model = EmbeddingModel.ArcticXs;
        var bytes = new WeakReference<byte[]>([]);

        using var embedder = PaperEmbedder.LoadReleasingModelBytes(
            () =>
            {
                var files = EmbeddingModelFiles.Read(model.DefaultPath, model.ResourcePrefix);
                bytes.SetTarget(files.Model);
                return files;
            },
            files => new TextEmbedder(model, files, threads: 1, maxTokens: 64, batchSize: 8));

        // The 86 MB copy is gone without the test collecting: the load itself freed it.
        Assert.False(bytes.TryGetTarget(out _), "the model's bytes are still on the heap after the session started");
        Assert.Equal(EmbeddingModel.Dimensions, embedder.EmbedQuery("speculative decoding", CancellationToken.None).Length);
    }
}
