namespace PaperBot.Papers.Semantic;

/// <summary>What the rewrite changes in the graph: the nodes it replaces and the matrices they read.</summary>
internal static partial class ModelQuantizer
{
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
}
