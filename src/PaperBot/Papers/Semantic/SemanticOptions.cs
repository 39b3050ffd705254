namespace PaperBot.Papers.Semantic;

/// <summary>Search by meaning, section <c>Semantic</c>; see docs/search.md.</summary>
public sealed class SemanticOptions
{
    public const string SectionName = "Semantic";

    /// <summary>Off: no model is loaded, search ranks by words only and no paper is embedded.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The embedding model (<c>arctic-embed-xs</c> or <c>all-minilm-l6-v2</c>).</summary>
    public string Model { get; set; } = EmbeddingModel.ArcticXs.Name;

    /// <summary>ONNX Runtime threads for one embedding run; 0 uses every core.</summary>
    public int Threads { get; set; }

    /// <summary>Papers embedded in one model run.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Word pieces of a paper's title and abstract that are embedded; the rest is cut. 128 embeds twice as fast as
    /// 256 (the model's cost grows with the length) and scored the same on the evaluation set (docs/search.md).
    /// </summary>
    public int MaxTokens { get; set; } = 128;

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
}
