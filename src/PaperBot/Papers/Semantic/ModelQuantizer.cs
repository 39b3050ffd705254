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
internal static class ModelQuantizer
{
    /// <summary>The largest quantized weight: 7 bits (see the class remarks).</summary>
    public const int WeightLimit = 63;

    /// <summary>
    /// Names this rewrite in the written file's name (8-bit, weights to 7 bits per column), so that a rewrite of
    /// another kind is written afresh rather than taken for this one by its length.
    /// </summary>
    public const string FileTag = "int8w7";

    public const string ContribDomain = "com.microsoft";
    public const string QuantizedOp = "DynamicQuantizeMatMul";

    // Field numbers of onnx.proto.
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;
    private const int OpsetDomain = 1;
    private const int OpsetVersion = 2;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int ValueInfoName = 1;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int NodeDocString = 6;
    private const int NodeDomain = 7;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int TensorFloat = 1;
    private const int TensorInt8 = 3;

    /// <summary>What the rewrite will write: the parts of the new model in order, and its length.</summary>
    internal sealed class Plan
    {
        public required IReadOnlyList<Part> Parts { get; init; }

        /// <summary>How many weight matrices become 8-bit.</summary>
        public required int Quantized { get; init; }

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
    public static Plan Prepare(ReadOnlySpan<byte> model)
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

        var (graphParts, quantized) = PrepareGraph(model, g);
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

        return new Plan { Parts = parts, Quantized = quantized };
    }

    /// <summary>Reads <c>destination.Length</c> bytes of the model from <paramref name="offset"/>.</summary>
    public delegate void ModelReader(long offset, Span<byte> destination);

    /// <summary>Writes the model <paramref name="plan"/> describes, from the bytes it was prepared from.</summary>
    public static void Write(ReadOnlySpan<byte> model, Plan plan, Stream target)
    {
        var bytes = model.ToArray();
        Write((offset, destination) => bytes.AsSpan(checked((int)offset), destination.Length).CopyTo(destination), plan, target);
    }

    /// <summary>
    /// Writes the model <paramref name="plan"/> describes, quantizing its weight matrices on the way, reading the old
    /// model through <paramref name="read"/> a piece at a time (a file's positional reads: the old model is never
    /// held whole, nor mapped whole into the process).
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

    private static (List<Part> Parts, int Quantized) PrepareGraph(ReadOnlySpan<byte> model, ProtoField graph)
    {
        var initializers = new Dictionary<string, Matrix?>(StringComparer.Ordinal);
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<ProtoField>();
        var reader = new ProtoReader(model, graph.PayloadStart, graph.PayloadLength);
        while (!reader.AtEnd)
        {
            var field = reader.Next();
            fields.Add(field);
            if (!field.IsMessage)
            {
                continue;
            }

            switch (field.Number)
            {
                case GraphInitializer:
                    var (name, matrix) = ReadInitializer(model, field);
                    initializers[name] = matrix;
                    break;
                case GraphNode:
                    foreach (var input in ReadNode(model, field).Inputs)
                    {
                        uses[input] = uses.GetValueOrDefault(input) + 1;
                    }

                    break;
                case GraphInput or GraphOutput:
                    var value = new ProtoReader(model, field.PayloadStart, field.PayloadLength);
                    while (!value.AtEnd)
                    {
                        var f = value.Next();
                        if (f.Number == ValueInfoName && f.IsMessage)
                        {
                            exposed.Add(value.Text(f));
                        }
                    }

                    break;
            }
        }

        var parts = new List<Part>();
        var replaced = new Dictionary<string, Weights>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (field.Number == GraphNode && field.IsMessage)
            {
                var node = ReadNode(model, field);
                // A MatMul by a constant matrix that nothing else reads and the graph's caller cannot replace.
                if (node is { OpType: "MatMul", Domain: "", Inputs.Count: 2, Outputs.Count: 1, HasAttributes: false }
                    && initializers.GetValueOrDefault(node.Inputs[1]) is { } matrix
                    && uses.GetValueOrDefault(node.Inputs[1]) == 1
                    && !exposed.Contains(node.Inputs[1]))
                {
                    var weightsName = node.Inputs[1];
                    var scalesName = FreeName(weightsName + "_scale", initializers, uses);
                    parts.Add(new Bytes(Message(GraphNode, s =>
                    {
                        ProtoWriter.WriteText(s, NodeInput, node.Inputs[0]);
                        ProtoWriter.WriteText(s, NodeInput, weightsName);
                        ProtoWriter.WriteText(s, NodeInput, scalesName);
                        ProtoWriter.WriteText(s, NodeOutput, node.Outputs[0]);
                        if (node.Name is { } nodeName)
                        {
                            ProtoWriter.WriteText(s, NodeName, nodeName);
                        }

                        ProtoWriter.WriteText(s, NodeOpType, QuantizedOp);
                        ProtoWriter.WriteText(s, NodeDomain, ContribDomain);
                    })));
                    replaced[weightsName] = new Weights(
                        matrix.RawStart,
                        matrix.Rows,
                        matrix.Columns,
                        TensorHead(weightsName, [matrix.Rows, matrix.Columns], TensorInt8, (long)matrix.Rows * matrix.Columns),
                        TensorHead(scalesName, [matrix.Columns], TensorFloat, 4L * matrix.Columns));
                    continue;
                }
            }

            parts.Add(new Copy(field.Start, field.End - field.Start));
        }

        // The matrices replaced are written again, quantized, after the graph's last field (wherever they were).
        var kept = new List<Part>(parts.Count + replaced.Count);
        foreach (var part in parts)
        {
            if (part is not Copy copy || !IsReplacedInitializer(model, copy, replaced))
            {
                kept.Add(part);
            }
        }

        kept.AddRange(replaced.Values);
        return (kept, replaced.Count);
    }

    private static bool IsReplacedInitializer(ReadOnlySpan<byte> model, Copy copy, Dictionary<string, Weights> replaced)
    {
        var reader = new ProtoReader(model, copy.Start, copy.Count);
        var field = reader.Next();
        return field.Number == GraphInitializer && field.IsMessage && replaced.ContainsKey(ReadInitializer(model, field).Name);
    }

    private static string FreeName(string wanted, Dictionary<string, Matrix?> initializers, Dictionary<string, int> uses)
    {
        var name = wanted;
        for (var n = 2; initializers.ContainsKey(name) || uses.ContainsKey(name); n++)
        {
            name = wanted + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private sealed record Node(string OpType, string Domain, List<string> Inputs, List<string> Outputs, string? Name, bool HasAttributes);

    private static Node ReadNode(ReadOnlySpan<byte> model, ProtoField field)
    {
        string opType = "", domain = "";
        string? name = null;
        List<string> inputs = [], outputs = [];
        var hasAttributes = false;
        var reader = new ProtoReader(model, field.PayloadStart, field.PayloadLength);
        while (!reader.AtEnd)
        {
            var f = reader.Next();
            switch (f.Number)
            {
                case NodeInput when f.IsMessage:
                    inputs.Add(reader.Text(f));
                    break;
                case NodeOutput when f.IsMessage:
                    outputs.Add(reader.Text(f));
                    break;
                case NodeName when f.IsMessage:
                    name = reader.Text(f);
                    break;
                case NodeOpType when f.IsMessage:
                    opType = reader.Text(f);
                    break;
                case NodeDomain when f.IsMessage:
                    domain = reader.Text(f);
                    break;
                case NodeAttribute:
                    hasAttributes = true;
                    break;
                case NodeDocString:
                    break;
                default:
                    // A field this rewrite would not carry over: leave such a node as it is.
                    hasAttributes = true;
                    break;
            }
        }

        return new Node(opType, domain is "ai.onnx" ? "" : domain, inputs, outputs, name, hasAttributes);
    }

    /// <summary>A float32 K×N matrix held in the initializer's own bytes.</summary>
    private sealed record Matrix(int RawStart, int Rows, int Columns);

    // The initializer's name, and the matrix it holds when it is one this rewrite can quantize (float32, two
    // dimensions, its data in raw_data and in nothing else).
    private static (string Name, Matrix? Matrix) ReadInitializer(ReadOnlySpan<byte> model, ProtoField field)
    {
        var name = "";
        var dims = new List<long>();
        long dataType = 0;
        ProtoField? raw = null;
        var other = false;
        var reader = new ProtoReader(model, field.PayloadStart, field.PayloadLength);
        while (!reader.AtEnd)
        {
            var f = reader.Next();
            switch (f.Number)
            {
                case TensorDims when f.WireType == ProtoField.Varint:
                    dims.Add((long)f.Value);
                    break;
                case TensorDims when f.IsMessage:
                    var packed = new PackedVarints(model, f);
                    while (packed.Next() is { } d)
                    {
                        dims.Add(d);
                    }

                    break;
                case TensorDataType when f.WireType == ProtoField.Varint:
                    dataType = (long)f.Value;
                    break;
                case TensorName when f.IsMessage:
                    name = reader.Text(f);
                    break;
                case TensorRawData when f.IsMessage:
                    raw = f;
                    break;
                case 12:
                    // doc_string
                    break;
                default:
                    // Typed data fields, segments, external data: not a plain raw matrix.
                    other = true;
                    break;
            }
        }

        var matrix = !other && dataType == TensorFloat && dims.Count == 2 && raw is { } r
            && dims[0] is > 0 and <= int.MaxValue && dims[1] is > 0 and <= int.MaxValue && r.PayloadLength == dims[0] * dims[1] * 4
            ? new Matrix(r.PayloadStart, (int)dims[0], (int)dims[1])
            : null;
        return (name, matrix);
    }

    private ref struct PackedVarints(ReadOnlySpan<byte> model, ProtoField field)
    {
        private readonly ReadOnlySpan<byte> data = model;
        private int position = field.PayloadStart;
        private readonly int end = field.PayloadStart + field.PayloadLength;

        public long? Next()
        {
            if (position >= end)
            {
                return null;
            }

            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = data[position++];
                result |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return (long)result;
                }

                if (position >= end)
                {
                    break;
                }
            }

            throw new InvalidDataException("A packed list of numbers is cut off.");
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

    // An initializer's bytes up to its data: the field's key and length, dims, type, name, and raw_data's key and length.
    private static byte[] TensorHead(string name, long[] dims, int dataType, long dataLength)
    {
        using var body = new MemoryStream();
        foreach (var d in dims)
        {
            ProtoWriter.WriteNumber(body, TensorDims, d);
        }

        ProtoWriter.WriteNumber(body, TensorDataType, dataType);
        ProtoWriter.WriteText(body, TensorName, name);
        ProtoWriter.WriteHeader(body, TensorRawData, dataLength);
        using var head = new MemoryStream();
        ProtoWriter.WriteHeader(head, GraphInitializer, body.Length + dataLength);
        body.WriteTo(head);
        return head.ToArray();
    }

    private static byte[] Message(int number, Action<Stream> write)
    {
        using var body = new MemoryStream();
        write(body);
        using var whole = new MemoryStream();
        ProtoWriter.WriteBytes(whole, number, body.GetBuffer().AsSpan(0, (int)body.Length));
        return whole.ToArray();
    }

    private static byte[] Header(int number, long payloadLength)
    {
        using var head = new MemoryStream();
        ProtoWriter.WriteHeader(head, number, payloadLength);
        return head.ToArray();
    }

    private static string OpsetDomainOf(ReadOnlySpan<byte> model, ProtoField field)
    {
        var reader = new ProtoReader(model, field.PayloadStart, field.PayloadLength);
        while (!reader.AtEnd)
        {
            var f = reader.Next();
            if (f.Number == OpsetDomain && f.IsMessage)
            {
                return reader.Text(f);
            }
        }

        return "";
    }
}
