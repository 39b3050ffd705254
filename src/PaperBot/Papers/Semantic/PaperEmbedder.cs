using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// The configured embedding model, loaded once on first use (a fraction of a second; at the very first start its
/// 8-bit copy is written first, see <see cref="EmbeddingModelFiles"/>) and
/// shared by every caller for the life of the process.
/// </summary>
public sealed partial class PaperEmbedder
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, EmbeddingPrecision, int, int, int), Lazy<TextEmbedder>> Loaded = new();

    private readonly SemanticOptions settings;
    private readonly Lazy<TextEmbedder> embedder;
    private readonly QueryVectorCache queries = new(QueryCacheSize);

    public PaperEmbedder(IOptions<SemanticOptions> options, ILogger<PaperEmbedder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        Model = EmbeddingModel.Find(settings.Model) ?? EmbeddingModel.ArcticXs;
        var path = string.IsNullOrWhiteSpace(settings.ModelPath) ? Model.DefaultPath : settings.ModelPath;
        var key = (Model.Name, path, settings.Precision, settings.EffectiveThreads, settings.MaxTokens, settings.EffectiveBatchSize);
        // One loaded model per process and settings: hosts built side by side (the tests' bots, a CLI verb
        // inside the shell's process) share it instead of holding 100 MB each.
        embedder = Loaded.GetOrAdd(key, _ => new Lazy<TextEmbedder>(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var loaded = new TextEmbedder(
                Model, EmbeddingModelFiles.Read(path, Model.ResourcePrefix, settings.Precision, Model.Pooling == EmbeddingPooling.Cls), settings.RunThreads, settings.MaxTokens, settings.EffectiveBatchSize, settings.ParallelRuns);
            Log.ModelLoaded(logger, Model.Name, settings.Precision, settings.EffectiveThreads, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            return loaded;
        }));
    }

    public bool Enabled => settings.Enabled;

    public EmbeddingModel Model { get; }

    /// <summary>Loads the model now rather than at the first query.</summary>
    public void WarmUp() => _ = embedder.Value;

    /// <summary>
    /// The query's vector, from the last <see cref="QueryCacheSize"/> queries' when the same text was embedded
    /// lately (<see cref="QueryVectorCache"/>). Shared with other callers: read it, never write to it.
    /// </summary>
    public ReadOnlyMemory<float> EmbedQuery(string query, CancellationToken cancellationToken) =>
        queries.GetOrAdd(query, text => embedder.Value.EmbedQuery(text, cancellationToken));

    /// <summary>How many recent queries' vectors are kept (1.5 kB each).</summary>
    public const int QueryCacheSize = 512;

    /// <summary>How many query vectors are kept now (for tests).</summary>
    internal int CachedQueries => queries.Count;

    public float[][] EmbedPapers(IReadOnlyList<PaperText> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        return embedder.Value.EmbedDocuments(papers.Select(p => TextEmbedder.DocumentText(p.Title, p.Abstract)).ToArray(), cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Loaded the embedding model {Model} ({Precision}, {Threads} threads) in {Seconds:0.0} s")]
        public static partial void ModelLoaded(ILogger logger, string model, EmbeddingPrecision precision, int threads, double seconds);
    }
}
