using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// The configured embedding model, loaded once on first use (about a second: the ONNX model is 90 MB) and
/// shared by every caller for the life of the process.
/// </summary>
public sealed partial class PaperEmbedder
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, int, int, int), Lazy<TextEmbedder>> Loaded = new();

    private readonly SemanticOptions settings;
    private readonly Lazy<TextEmbedder> embedder;
    private readonly QueryVectorCache queries = new(QueryCacheSize);

    public PaperEmbedder(IOptions<SemanticOptions> options, ILogger<PaperEmbedder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        Model = EmbeddingModel.Find(settings.Model) ?? EmbeddingModel.ArcticXs;
        var path = string.IsNullOrWhiteSpace(settings.ModelPath) ? Model.DefaultPath : settings.ModelPath;
        var key = (Model.Name, path, settings.EffectiveThreads, settings.MaxTokens, settings.BatchSize);
        // One loaded model per process and settings: hosts built side by side (the tests' bots, a CLI verb
        // inside the shell's process) share it instead of holding 100 MB each.
        embedder = Loaded.GetOrAdd(key, _ => new Lazy<TextEmbedder>(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var loaded = LoadReleasingModelBytes(
                () => EmbeddingModelFiles.Read(path, Model.ResourcePrefix),
                files => new TextEmbedder(Model, files, settings.EffectiveThreads, settings.MaxTokens, settings.BatchSize));
            Log.ModelLoaded(logger, Model.Name, settings.EffectiveThreads, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
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

    /// <summary>
    /// Starts the model's session and gives its file's bytes back to the OS. ONNX Runtime keeps its own copy of the
    /// weights, so the 86 MB managed copy of the model is garbage once the session exists; but it lies on the large
    /// object heap, which only a gen-2 collection frees, and a bot that allocates little may not run one for hours:
    /// every fleet process kept those 86 MB resident (docs/benchmarks.md, fleet). One aggressive collection right
    /// after the load frees and decommits them; it runs once per process, at warm-up, before any command.
    /// </summary>
    internal static TextEmbedder LoadReleasingModelBytes(Func<EmbeddingModelFiles> read, Func<EmbeddingModelFiles, TextEmbedder> create)
    {
        var loaded = Load(read, create);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return loaded;
    }

    // Not inlined: unoptimized (tier-0) code keeps a method's locals alive to its end, and the files must be
    // unreachable by the time of the collection above.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static TextEmbedder Load(Func<EmbeddingModelFiles> read, Func<EmbeddingModelFiles, TextEmbedder> create) => create(read());

    private static partial class Log
    {
        [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Loaded the embedding model {Model} ({Threads} threads) in {Seconds:0.0} s")]
        public static partial void ModelLoaded(ILogger logger, string model, int threads, double seconds);
    }
}
