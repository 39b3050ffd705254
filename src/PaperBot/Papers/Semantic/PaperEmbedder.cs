using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// The configured embedding model, loaded once on first use (about a second: the ONNX model is 90 MB) and
/// shared by every caller.
/// </summary>
public sealed partial class PaperEmbedder : IDisposable
{
    private readonly SemanticOptions settings;
    private readonly Lazy<TextEmbedder> embedder;

    public PaperEmbedder(IOptions<SemanticOptions> options, ILogger<PaperEmbedder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        Model = EmbeddingModel.Find(settings.Model) ?? EmbeddingModel.ArcticXs;
        embedder = new Lazy<TextEmbedder>(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var files = EmbeddingModelFiles.Read(string.IsNullOrWhiteSpace(settings.ModelPath) ? Model.DefaultPath : settings.ModelPath, Model.ResourcePrefix);
            var loaded = new TextEmbedder(Model, files, settings.EffectiveThreads, settings.MaxTokens, settings.BatchSize);
            Log.ModelLoaded(logger, Model.Name, settings.EffectiveThreads, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            return loaded;
        });
    }

    public bool Enabled => settings.Enabled;

    public EmbeddingModel Model { get; }

    /// <summary>Loads the model now rather than at the first query.</summary>
    public void WarmUp() => _ = embedder.Value;

    public float[] EmbedQuery(string query, CancellationToken cancellationToken) => embedder.Value.EmbedQuery(query, cancellationToken);

    public float[][] EmbedPapers(IReadOnlyList<PaperText> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        return embedder.Value.EmbedDocuments(papers.Select(p => TextEmbedder.DocumentText(p.Title, p.Abstract)).ToArray(), cancellationToken);
    }

    public void Dispose()
    {
        if (embedder.IsValueCreated)
        {
            embedder.Value.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Loaded the embedding model {Model} ({Threads} threads) in {Seconds:0.0} s")]
        public static partial void ModelLoaded(ILogger logger, string model, int threads, double seconds);
    }
}
