namespace PaperBot.Papers.Semantic;

/// <summary>How the embedding model's weight matrices are held when it runs (<see cref="SemanticOptions.Precision"/>).</summary>
public enum EmbeddingPrecision
{
    /// <summary>8-bit integers, quantized from the shipped model at the first start (<see cref="ModelQuantizer"/>).</summary>
    Int8,

    /// <summary>32-bit floats, as the package ships the model.</summary>
    Float32,
}

/// <summary>Search by meaning, section <c>Semantic</c>; see docs/search.md.</summary>
public sealed class SemanticOptions
{
    public const string SectionName = "Semantic";

    /// <summary>Off: no model is loaded, search ranks by words only and no paper is embedded.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The embedding model (<c>arctic-embed-xs</c> or <c>all-minilm-l6-v2</c>).</summary>
    public string Model { get; set; } = EmbeddingModel.ArcticXs.Name;

    /// <summary>
    /// Cores the model uses; 0 uses every core. The float32 model spreads each run over them; the 8-bit model runs one
    /// thread a run and that many runs side by side (<see cref="RunThreads"/>).
    /// </summary>
    public int Threads { get; set; }

    /// <summary>Papers embedded in one model run, with the float32 model (<see cref="EffectiveBatchSize"/>).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Papers embedded in one model run: <see cref="BatchSize"/> with the float32 model, one with the 8-bit model.
    /// The 8-bit model quantizes a run's activations together, so a paper embedded beside others would get a vector
    /// a little different (cosine 0.998) from the one it gets alone; one paper a run keeps each paper's vector its
    /// own, and still embedded 90 papers/s against the float32 model's 59 in runs of 16 (docs/search.md).
    /// </summary>
    public int EffectiveBatchSize => Precision == EmbeddingPrecision.Int8 ? 1 : BatchSize;

    /// <summary>
    /// Word pieces of a paper's title and abstract that are embedded; the rest is cut. 128 embeds twice as fast as
    /// 256 (the model's cost grows with the length) and scored the same on the evaluation set (docs/search.md).
    /// </summary>
    public int MaxTokens { get; set; } = 128;

    /// <summary>
    /// The model's weights as the model runs them: <c>Int8</c> (the default: its weight matrices in 8-bit integers,
    /// about twice as fast) or <c>Float32</c> (as the package ships it). docs/search.md, "The model in 8-bit
    /// integers", has the figures and what it costs in ranking.
    /// </summary>
    public EmbeddingPrecision Precision { get; set; } = EmbeddingPrecision.Int8;

    /// <summary>Where the model's package assembly is; empty means <c>models/</c> beside the app.</summary>
    public string? ModelPath { get; set; }

    /// <summary>How many papers nearest in meaning join a search's candidates.</summary>
    public int MeaningCandidates { get; set; } = 50;

    /// <summary>With fewer papers than this holding every word, papers holding some of them join in too.</summary>
    public int FewMatches { get; set; } = 10;

    /// <summary>
    /// A query of at most this many plain words (not counting filters, authors and words like "the") that some
    /// papers hold in full is a keyword search and is answered by words alone, exactly as before meaning.
    /// </summary>
    public int KeywordQueryWords { get; set; } = 2;

    /// <summary>The similarity below which meaning alone offers no paper; empty uses the model's own floor.</summary>
    public float? MinSimilarity { get; set; }

    /// <summary>Weight of the words ranking (papers with every word, by BM25) in the fusion.</summary>
    public double LexicalWeight { get; set; } = FusionWeights.Default.Lexical;

    /// <summary>Weight of the meaning ranking in the fusion.</summary>
    public double MeaningWeight { get; set; } = FusionWeights.Default.Semantic;

    /// <summary>Weight of the any-words ranking (papers with some of the words, when few have all) in the fusion.</summary>
    public double AnyWordsWeight { get; set; } = FusionWeights.Default.AnyWords;

    public FusionWeights Weights => new(LexicalWeight, MeaningWeight, AnyWordsWeight);

    /// <summary>How often the bot and the shell look for papers without a vector and embed them.</summary>
    public TimeSpan BackfillInterval { get; set; } = TimeSpan.FromMinutes(1);

    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>
    /// ONNX Runtime's threads within one run. The float32 model spreads a run over <see cref="EffectiveThreads"/>; the
    /// 8-bit model's runs are short enough that a second thread only adds its hand-offs (a query: 3.0 ms on one
    /// thread, 3.0 ms on two, for 3.3 against 4.2 ms of CPU), so each run takes one thread and a list of papers is
    /// embedded <see cref="ParallelRuns"/> runs side by side instead (148 papers/s against 89: docs/search.md).
    /// </summary>
    public int RunThreads => Precision == EmbeddingPrecision.Int8 ? 1 : EffectiveThreads;

    /// <summary>Runs of one list of papers that go side by side (see <see cref="RunThreads"/>).</summary>
    public int ParallelRuns => Precision == EmbeddingPrecision.Int8 ? EffectiveThreads : 1;
}
