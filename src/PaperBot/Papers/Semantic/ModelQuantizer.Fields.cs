namespace PaperBot.Papers.Semantic;

/// <summary>The ONNX messages the rewrite reads and writes, field by field (onnx/onnx.proto).</summary>
internal static partial class ModelQuantizer
{
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

    private sealed record Node(string OpType, string Domain, List<string> Inputs, List<string> Outputs, string? Name, bool HasAttributes);

    /// <summary>A node that reads a tensor, and as which of its inputs.</summary>
    private readonly record struct Reader(ProtoField Field, Node Node, int Index);

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

    // The initializer's name; the matrix it holds when it is one this rewrite can quantize (float32, two dimensions,
    // its data in raw_data and in nothing else); and its length when it is a float32 vector (one dimension), which a
    // rewritten node can take as its bias.
    private static (string Name, Matrix? Matrix, long? VectorLength) ReadInitializer(ReadOnlySpan<byte> model, ProtoField field)
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
                    // Packed: the numbers one after another, without keys.
                    var packed = new ProtoReader(model, f.PayloadStart, f.PayloadLength);
                    while (!packed.AtEnd)
                    {
                        dims.Add((long)packed.ReadVarint());
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
        long? vectorLength = dataType == TensorFloat && dims.Count == 1 ? dims[0] : null;
        return (name, matrix, vectorLength);
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
