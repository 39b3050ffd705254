namespace PaperBot.Papers.Semantic;

/// <summary>What the rewrite changes in the graph: the nodes it replaces and the matrices they read.</summary>
internal static partial class ModelQuantizer
{
    private static (List<Part> Parts, int Quantized) PrepareGraph(ReadOnlySpan<byte> model, ProtoField graph)
    {
        // One reading of the graph's fields: each node and each initializer is parsed once.
        var initializers = new Dictionary<string, Matrix?>(StringComparer.Ordinal);
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<(ProtoField Field, Node? Node, string? Initializer)>();
        var reader = new ProtoReader(model, graph.PayloadStart, graph.PayloadLength);
        while (!reader.AtEnd)
        {
            var field = reader.Next();
            switch (field.Number)
            {
                case GraphInitializer when field.IsMessage:
                    var (name, matrix) = ReadInitializer(model, field);
                    initializers[name] = matrix;
                    fields.Add((field, null, name));
                    continue;
                case GraphNode when field.IsMessage:
                    var node = ReadNode(model, field);
                    foreach (var input in node.Inputs)
                    {
                        uses[input] = uses.GetValueOrDefault(input) + 1;
                    }

                    fields.Add((field, node, null));
                    continue;
                case GraphInput or GraphOutput when field.IsMessage:
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

            fields.Add((field, null, null));
        }

        // The nodes rewritten: a MatMul by a constant matrix that nothing else reads and the graph's caller cannot replace.
        var rewritten = new Dictionary<int, byte[]>();
        var replaced = new Dictionary<string, Weights>(StringComparer.Ordinal);
        foreach (var (field, node, _) in fields)
        {
            if (node is { OpType: "MatMul", Domain: "", Inputs.Count: 2, Outputs.Count: 1, HasAttributes: false }
                && initializers.GetValueOrDefault(node.Inputs[1]) is { } matrix
                && uses.GetValueOrDefault(node.Inputs[1]) == 1
                && !exposed.Contains(node.Inputs[1]))
            {
                var weightsName = node.Inputs[1];
                var scalesName = FreeName(weightsName + "_scale", initializers, uses);
                rewritten[field.Start] = Message(GraphNode, s =>
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
                });
                replaced[weightsName] = new Weights(
                    matrix.RawStart,
                    matrix.Rows,
                    matrix.Columns,
                    TensorHead(weightsName, [matrix.Rows, matrix.Columns], TensorInt8, (long)matrix.Rows * matrix.Columns),
                    TensorHead(scalesName, [matrix.Columns], TensorFloat, 4L * matrix.Columns));
            }
        }

        // Everything else is copied; the matrices replaced are written again, quantized, after the graph's last field.
        var parts = new List<Part>(fields.Count + replaced.Count);
        foreach (var (field, _, initializer) in fields)
        {
            if (rewritten.TryGetValue(field.Start, out var bytes))
            {
                parts.Add(new Bytes(bytes));
            }
            else if (initializer is null || !replaced.ContainsKey(initializer))
            {
                parts.Add(new Copy(field.Start, field.End - field.Start));
            }
        }

        parts.AddRange(replaced.Values);
        return (parts, replaced.Count);
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
}
