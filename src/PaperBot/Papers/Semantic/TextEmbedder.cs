using Microsoft.ML.OnnxRuntime;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// Turns text into unit-length vectors with a local ONNX model. One ONNX Runtime session with explicit
/// threads (its defaults measured twice as slow on two cores: docs/search.md); batches of similar length so
/// little padding is computed, run one after another or side by side (the 8-bit model: one thread a run, a run a
/// core, see <see cref="SemanticOptions.RunThreads"/>). Thread-safe: ONNX Runtime sessions may run concurrently.
/// </summary>
public sealed class TextEmbedder : IDisposable
{
    private readonly InferenceSession session;
    private readonly WordPieceTokenizer tokenizer;
    private readonly EmbeddingModel model;
    private readonly int maxTokens;
    private readonly int batchSize;
    private readonly int parallelRuns;
    private readonly string[] outputNames = ["last_hidden_state"];

    /// <param name="threads">ONNX Runtime's threads within one run.</param>
    /// <param name="parallelRuns">How many runs of a list of texts go side by side (each on its own caller thread).</param>
    public TextEmbedder(EmbeddingModel model, EmbeddingModelFiles files, int threads, int maxTokens, int batchSize, int parallelRuns = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelRuns, 1);
        this.model = model;
        this.maxTokens = maxTokens;
        this.batchSize = batchSize;
        this.parallelRuns = parallelRuns;
        tokenizer = new WordPieceTokenizer(files.Vocabulary);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Spinning threads would hold both cores between queries of an otherwise idle bot.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        session = new InferenceSession(files.ModelPath, options);
    }

    public EmbeddingModel Model => model;

    public WordPieceTokenizer Tokenizer => tokenizer;

    /// <summary>A search query's vector (with the model's query instruction).</summary>
    public float[] EmbedQuery(string query, CancellationToken cancellationToken) =>
        Embed([model.QueryPrefix + query], cancellationToken)[0];

    /// <summary>Documents' vectors, in the order given; run in batches of similar length.</summary>
    public float[][] EmbedDocuments(IReadOnlyList<string> texts, CancellationToken cancellationToken) => Embed(texts, cancellationToken);

    /// <summary>
    /// The text a paper is embedded from: its title, then its abstract; the abstract alone when the title is its
    /// start (a corpus document without a title is titled by its first sentence), so no words are read twice.
    /// </summary>
    public static string DocumentText(string title, string @abstract) =>
        @abstract.Length == 0 ? title
        : title.Length > 0 && @abstract.StartsWith(title.TrimEnd('…'), StringComparison.Ordinal) ? @abstract
        : title + ". " + @abstract;

    private float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var encoded = texts.Select(t => tokenizer.Encode(t, maxTokens)).ToArray();
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        var vectors = new float[encoded.Length][];
        var batches = order.Chunk(batchSize).ToArray();
        if (parallelRuns == 1 || batches.Length == 1)
        {
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Store(batch, RunBatch([.. batch.Select(i => encoded[i])], cancellationToken));
            }
        }
        else
        {
            // The session is thread-safe: each caller runs its own batches on its own thread.
            Parallel.ForEach(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = parallelRuns, CancellationToken = cancellationToken },
                batch => Store(batch, RunBatch([.. batch.Select(i => encoded[i])], cancellationToken)));
        }

        return vectors;

        void Store(int[] batch, float[][] results)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                vectors[batch[i]] = results[i];
            }
        }
    }

    private float[][] RunBatch(int[][] batch, CancellationToken cancellationToken)
    {
        var rows = batch.Length;
        var length = batch.Max(b => b.Length);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        var types = new long[rows * length];
        for (var r = 0; r < rows; r++)
        {
            for (var t = 0; t < batch[r].Length; t++)
            {
                ids[(r * length) + t] = batch[r][t];
                mask[(r * length) + t] = 1;
            }
        }

        long[] shape = [rows, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = session.Run(
            runOptions,
            ["input_ids", "attention_mask", "token_type_ids"],
            [idsValue, maskValue, typesValue],
            outputNames);
        cancellationToken.ThrowIfCancellationRequested();
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dims = EmbeddingModel.Dimensions;
        // A row a token, or (the 8-bit model cut to the first token: ModelQuantizer.FirstToken.cs) one a text.
        var tokens = (int)outputs[0].GetTensorTypeAndShape().Shape[1];
        if (tokens != length && model.Pooling != EmbeddingPooling.Cls)
        {
            throw new InvalidDataException($"The model gave {tokens} rows for texts of {length} word pieces; {model.Name} averages every token's row.");
        }

        var vectors = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            var vector = new float[dims];
            var rowStart = r * tokens * dims;
            if (model.Pooling == EmbeddingPooling.Cls)
            {
                hidden.Slice(rowStart, dims).CopyTo(vector);
            }
            else
            {
                for (var t = 0; t < batch[r].Length; t++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(vector, hidden.Slice(rowStart + (t * dims), dims), vector);
                }
            }

            VectorMath.Normalize(vector);
            vectors[r] = vector;
        }

        return vectors;
    }

    public void Dispose() => session.Dispose();
}
