using System.Runtime.InteropServices;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// Rewrites a float32 ONNX model so that its weight matrices are 8-bit integers: every <c>MatMul</c> whose second
/// input is a constant 2-D matrix becomes ONNX Runtime's <c>DynamicQuantizeMatMul</c> (domain <c>com.microsoft</c>),
/// which quantizes the activations as they come and multiplies in integers. The weights are quantized per column,
/// symmetric, to ±<see cref="WeightLimit"/>: 7 bits, so the u8×s8 products of CPUs without VNNI cannot saturate
/// their 16-bit sums (what ONNX Runtime's own quantizer calls <c>reduce_range</c>); on this project's hosts 7 and 8
/// bits gave the same vectors. Everything else (the embeddings table, layer norms, attention's own products) stays
/// float32. docs/search.md ("The model in 8-bit integers") has the figures: queries and papers embed about twice
/// as fast, the vectors agree with the float32 model's at cosine 0.998, and the evaluation scores the same.
/// <para>
/// The model is read and written as Protocol Buffers (onnx/onnx.proto) without a schema (<see cref="ProtoReader"/>):
/// fields this rewrite does not touch are copied byte for byte.
/// </para>
/// </summary>
internal static partial class ModelQuantizer
{
    /// <summary>The largest quantized weight: 7 bits (see the class remarks).</summary>
    public const int WeightLimit = 63;

    /// <summary>
    /// Names this rewrite in the written file's name (8-bit, weights to 7 bits per column), so that a rewrite of
    /// another kind is written afresh rather than taken for this one by its length.
    /// </summary>
    public const string FileTag = "int8w7b";

    /// <summary>As <see cref="FileTag"/>, for a rewrite that also made the first-token cut (ModelQuantizer.FirstToken.cs).</summary>
    public const string FirstTokenFileTag = "int8w7b-cls";

    public const string ContribDomain = "com.microsoft";
    public const string QuantizedOp = "DynamicQuantizeMatMul";

    /// <summary>What the rewrite will write: the parts of the new model in order, and its length.</summary>
    internal sealed class Plan
    {
        public required IReadOnlyList<Part> Parts { get; init; }

        /// <summary>How many weight matrices become 8-bit.</summary>
        public required int Quantized { get; init; }

        /// <summary>Whether the last layer computes the first token's row alone (the model's output: one row a text).</summary>
        public bool FirstTokenOnly { get; init; }

        /// <summary>What names this rewrite in the written file's name.</summary>
        public string FileTag => FirstTokenOnly ? FirstTokenFileTag : ModelQuantizer.FileTag;

        public long Length => Parts.Sum(p => p.Length);
    }

    /// <summary>A stretch of the new model: copied from the old one, new bytes, or a weight matrix quantized.</summary>
    internal abstract record Part(long Length);

    private sealed record Copy(int Start, int Count) : Part(Count);

    private sealed record Bytes(byte[] Data) : Part(Data.Length);

    // An initializer of K×N floats at RawStart, written as two initializers: the int8 matrix (under its own name) and
    // its N column scales. The two tensors' bytes before their data are made at plan time, so the length is known.
    private sealed record Weights(int RawStart, int Rows, int Columns, byte[] MatrixHead, byte[] ScalesHead)
        : Part(MatrixHead.Length + ((long)Rows * Columns) + ScalesHead.Length + (4L * Columns));

    /// <summary>Reads <paramref name="model"/> and decides what to rewrite; nothing is quantized yet.</summary>
    /// <param name="firstTokenOnly">
    /// The model's callers read only the first token's vector (CLS pooling): the last encoder layer is cut to that
    /// token's row when the graph has one (see <see cref="Plan.FirstTokenOnly"/>).
    /// </param>
    public static Plan Prepare(ReadOnlySpan<byte> model, bool firstTokenOnly = false)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX stores tensors little-endian; this host is big-endian.");
        }

        ProtoField? graph = null;
        var hasContribOpset = false;
        var top = new List<ProtoField>();
        var reader = new ProtoReader(model, 0, model.Length);
        while (!reader.AtEnd)
        {
            var field = reader.Next();
            top.Add(field);
            if (field.Number == ModelGraph && field.IsMessage)
            {
                graph = graph is null ? field : throw new InvalidDataException("The model holds two graphs.");
            }
            else if (field.Number == ModelOpsetImport && field.IsMessage && OpsetDomainOf(model, field) == ContribDomain)
            {
                hasContribOpset = true;
            }
        }

        if (graph is not { } g)
        {
            throw new InvalidDataException("The file holds no ONNX graph.");
        }

        var (graphParts, quantized, cut) = PrepareGraph(model, g, firstTokenOnly);
        var parts = new List<Part>();
        foreach (var field in top)
        {
            if (field.Start == g.Start)
            {
                parts.Add(new Bytes(Header(ModelGraph, graphParts.Sum(p => p.Length))));
                parts.AddRange(graphParts);
            }
            else
            {
                parts.Add(new Copy(field.Start, field.End - field.Start));
            }
        }

        if (quantized > 0 && !hasContribOpset)
        {
            parts.Add(new Bytes(Message(ModelOpsetImport, s =>
            {
                ProtoWriter.WriteText(s, OpsetDomain, ContribDomain);
                ProtoWriter.WriteNumber(s, OpsetVersion, 1);
            })));
        }

        return new Plan { Parts = parts, Quantized = quantized, FirstTokenOnly = cut };
    }

    /// <summary>Reads <c>destination.Length</c> bytes of the model from <paramref name="offset"/>.</summary>
    public delegate void ModelReader(long offset, Span<byte> destination);

    /// <summary>
    /// Writes the model <paramref name="plan"/> describes, quantizing its weight matrices on the way, reading the old
    /// model through <paramref name="read"/> a piece at a time (from a file: the old model is never held whole, nor
    /// mapped whole into the process).
    /// </summary>
    public static void Write(ModelReader read, Plan plan, Stream target)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        var buffer = new byte[1 << 20];
        foreach (var part in plan.Parts)
        {
            switch (part)
            {
                case Copy copy:
                    for (var done = 0; done < copy.Count;)
                    {
                        var piece = buffer.AsSpan(0, Math.Min(buffer.Length, copy.Count - done));
                        read(copy.Start + done, piece);
                        target.Write(piece);
                        done += piece.Length;
                    }

                    break;
                case Bytes bytes:
                    target.Write(bytes.Data);
                    break;
                case Weights weights:
                    WriteWeights(read, weights, target);
                    break;
            }
        }
    }

    private static void WriteWeights(ModelReader read, Weights weights, Stream target)
    {
        var (rows, columns) = (weights.Rows, weights.Columns);
        var values = new float[rows * columns];
        read(weights.RawStart, MemoryMarshal.AsBytes(values.AsSpan()));
        var largest = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                largest[c] = MathF.Max(largest[c], MathF.Abs(row[c]));
            }
        }

        var scales = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            scales[c] = largest[c] > 0 ? largest[c] / WeightLimit : 1f;
        }

        target.Write(weights.MatrixHead);
        var quantized = new byte[columns];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                quantized[c] = (byte)(sbyte)Math.Clamp(MathF.Round(row[c] / scales[c]), -WeightLimit, WeightLimit);
            }

            target.Write(quantized);
        }

        target.Write(weights.ScalesHead);
        target.Write(MemoryMarshal.AsBytes(scales.AsSpan()));
    }
}
