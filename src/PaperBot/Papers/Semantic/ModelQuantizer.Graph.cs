namespace PaperBot.Papers.Semantic;

/// <summary>What the rewrite changes in the graph: the nodes it replaces and the matrices they read.</summary>
internal static partial class ModelQuantizer
{
    private static (List<Part> Parts, int Quantized, bool FirstTokenOnly) PrepareGraph(ReadOnlySpan<byte> model, ProtoField graph, bool firstTokenOnly)
    {
        // One reading of the graph's fields: each node and each initializer is parsed once.
        var initializers = new Dictionary<string, Matrix?>(StringComparer.Ordinal);
        var vectors = new Dictionary<string, long>(StringComparer.Ordinal);
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var readers = new Dictionary<string, List<Reader>>(StringComparer.Ordinal);
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        var graphOutputs = 0;
        var fields = new List<(ProtoField Field, Node? Node, string? Initializer)>();
        var reader = new ProtoReader(model, graph.PayloadStart, graph.PayloadLength);
        while (!reader.AtEnd)
        {
            var field = reader.Next();
            switch (field.Number)
            {
                case GraphInitializer when field.IsMessage:
                    var (name, matrix, vectorLength) = ReadInitializer(model, field);
                    initializers[name] = matrix;
                    if (vectorLength is { } length)
                    {
                        vectors[name] = length;
                    }

                    fields.Add((field, null, name));
                    continue;
                case GraphNode when field.IsMessage:
                    var node = ReadNode(model, field);
                    for (var i = 0; i < node.Inputs.Count; i++)
                    {
                        var input = node.Inputs[i];
                        uses[input] = uses.GetValueOrDefault(input) + 1;
                        (readers.TryGetValue(input, out var list) ? list : readers[input] = []).Add(new Reader(field, node, i));
                    }

                    fields.Add((field, node, null));
                    continue;
                case GraphInput or GraphOutput when field.IsMessage:
                    graphOutputs += field.Number == GraphOutput ? 1 : 0;
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

        // The cut: the query's product and the residual Add read the first token's row instead of every token's.
        var rewritten = new Dictionary<int, byte[]>();
        var cut = firstTokenOnly ? FindFirstTokenCut(fields, readers, initializers, exposed, graphOutputs) : null;
        string row = "", index = "";
        if (cut is not null)
        {
            (row, index) = (FreeName(cut.Input + "_first_token", initializers, uses), FreeName("first_token_index", initializers, uses));
            cut.Query.Node.Inputs[0] = row;
            cut.Residual.Node.Inputs[cut.Residual.Index] = row;
            rewritten[cut.Residual.Field.Start] = PlainNode(cut.Residual.Node);
        }

        // The nodes rewritten: a MatMul by a constant matrix that nothing else reads and the graph's caller cannot replace.
        // When the product's only reader adds a constant vector of its width (a layer's bias), the rewritten node adds
        // it itself, as its optional fifth input, and that Add is dropped: one node instead of two, and the sum is
        // made as the integer product is turned back into floats.
        var dropped = new HashSet<int>();
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
                var bias = BiasAdd(node.Outputs[0], matrix.Columns);
                if (bias is { } add)
                {
                    dropped.Add(add.Field.Start);
                }

                rewritten[field.Start] = Message(GraphNode, s =>
                {
                    ProtoWriter.WriteText(s, NodeInput, node.Inputs[0]);
                    ProtoWriter.WriteText(s, NodeInput, weightsName);
                    ProtoWriter.WriteText(s, NodeInput, scalesName);
                    if (bias is { } add)
                    {
                        // No zero point: the weights are symmetric. An empty name leaves an optional input out.
                        ProtoWriter.WriteText(s, NodeInput, "");
                        ProtoWriter.WriteText(s, NodeInput, add.Bias);
                    }

                    ProtoWriter.WriteText(s, NodeOutput, bias?.Output ?? node.Outputs[0]);
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

        if (cut is not null)
        {
            // The row is taken just before the query's product (quantized or not) reads it.
            var query = cut.Query.Field.Start;
            rewritten[query] = [.. FirstTokenGather(cut.Input, index, row), .. rewritten.GetValueOrDefault(query) ?? PlainNode(cut.Query.Node)];
        }

        // Everything else is copied; the matrices replaced are written again, quantized, after the graph's last field.
        var parts = new List<Part>(fields.Count + replaced.Count);
        foreach (var (field, _, initializer) in fields)
        {
            if (rewritten.TryGetValue(field.Start, out var bytes))
            {
                parts.Add(new Bytes(bytes));
            }
            else if (dropped.Contains(field.Start))
            {
                continue;
            }
            else if (initializer is null || !replaced.ContainsKey(initializer))
            {
                parts.Add(new Copy(field.Start, field.End - field.Start));
            }
        }

        parts.AddRange(replaced.Values);
        if (cut is not null)
        {
            parts.Add(new Bytes(FirstTokenIndex(index)));
        }

        return (parts, replaced.Count, cut is not null);

        // The Add that is the only reader of a product of width `columns` and adds a constant vector of that width to
        // it: its node, the vector's name, and the sum's name.
        (ProtoField Field, string Bias, string Output)? BiasAdd(string product, int columns)
        {
            if (uses.GetValueOrDefault(product) != 1 || exposed.Contains(product)
                || readers.GetValueOrDefault(product) is not [{ Node: { OpType: "Add", Domain: "", Inputs.Count: 2, Outputs.Count: 1, HasAttributes: false } add } reader])
            {
                return null;
            }

            var bias = add.Inputs[0] == product ? add.Inputs[1] : add.Inputs[0];
            return bias != product && vectors.GetValueOrDefault(bias) == columns && !exposed.Contains(bias)
                ? (reader.Field, bias, add.Outputs[0])
                : null;
        }
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
