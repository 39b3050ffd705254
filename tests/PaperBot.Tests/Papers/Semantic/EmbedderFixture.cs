using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>The real embedding model, loaded once for every test that shares this collection.</summary>
public sealed class EmbedderFixture
{
    public PaperEmbedder Embedder { get; } = new(Options.Create(new SemanticOptions()), NullLogger<PaperEmbedder>.Instance);

    public static EmbeddingModelFiles Files => LazyFiles.Value;

    private static readonly Lazy<EmbeddingModelFiles> LazyFiles = new(() =>
        EmbeddingModelFiles.Read(EmbeddingModel.ArcticXs.DefaultPath, EmbeddingModel.ArcticXs.ResourcePrefix, new SemanticOptions().Precision, firstTokenOnly: true));
}

[CollectionDefinition(Name)]
public sealed class EmbedderCollection : ICollectionFixture<EmbedderFixture>
{
    public const string Name = "Embedding model";
}
