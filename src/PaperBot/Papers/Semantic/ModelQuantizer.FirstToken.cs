namespace PaperBot.Papers.Semantic;

/// <summary>
/// The first-token cut, for a model whose callers read only the first token's vector (CLS pooling): the last layer
/// computes its query, attention output and feed-forward for that token alone, while its keys and values still come
/// from every token. The first token's vector is what it was (the other rows never reach it in that layer), about a
/// seventh of a run's products are not computed, and the model's output holds one row a text instead of one a token.
/// </summary>
internal static partial class ModelQuantizer
{
    /// <summary>
    /// Where the cut goes: the last layer's input (read by its query, key and value products and by the Add of its
    /// residual connection), the query's product, and that Add.
    /// </summary>
    private sealed record FirstTokenCut(string Input, Reader Query, Reader Residual);

    // AttributeProto's fields and the type of an integer attribute (onnx.proto).
    private const int AttributeName = 1;
    private const int AttributeInt = 3;
    private const int AttributeType = 20;
    private const int AttributeTypeInt = 2;
    private const int TensorInt64 = 7;

    /// <summary>
    /// The last tensor of the graph read by exactly three products by a constant matrix and one plain Add (an encoder
    /// layer's input), when exactly one of the three reaches the left side of a product through a Reshape and a
    /// Transpose (the query, in the attention scores Q·Kᵀ); null when the graph has no such layer, or more than one
    /// output.
    /// </summary>
    private static FirstTokenCut? FindFirstTokenCut(
        List<(ProtoField Field, Node? Node, string? Initializer)> fields,
        Dictionary<string, List<Reader>> readers,
        Dictionary<string, Matrix?> initializers,
        HashSet<string> exposed,
        int graphOutputs)
    {
        if (graphOutputs != 1)
        {
            return null;
        }

        for (var i = fields.Count - 1; i >= 0; i--)
        {
            foreach (var output in fields[i].Node?.Outputs ?? [])
            {
                if (exposed.Contains(output) || readers.GetValueOrDefault(output) is not { Count: 4 } reading)
                {
                    continue;
                }

                var products = reading.Where(r => r is { Index: 0, Node: { OpType: "MatMul", Domain: "", Inputs.Count: 2, Outputs.Count: 1, HasAttributes: false } }
                    && initializers.GetValueOrDefault(r.Node.Inputs[1]) is not null).ToList();
                var residual = reading.Where(r => r.Node is { OpType: "Add", Domain: "", Inputs.Count: 2, Outputs.Count: 1, HasAttributes: false }).ToList();
                if (products.Count != 3 || residual.Count != 1)
                {
                    continue;
                }

                var queries = products.Where(p => IsScoresLeft(p.Node.Outputs[0])).ToList();
                return queries.Count == 1 ? new FirstTokenCut(output, queries[0], residual[0]) : null;
            }
        }

        return null;

        // The product, its bias added apart or not, reshaped into heads, transposed, and multiplied from the left.
        bool IsScoresLeft(string product)
        {
            var next = OnlyReader(product);
            if (next is { Node.OpType: "Add" } bias)
            {
                next = OnlyReader(bias.Node.Outputs[0]);
            }

            return next is { Node.OpType: "Reshape", Index: 0 } reshape
                && OnlyReader(reshape.Node.Outputs[0]) is { Node.OpType: "Transpose" } transpose
                && OnlyReader(transpose.Node.Outputs[0]) is { Node: { OpType: "MatMul", Domain: "" }, Index: 0 };
        }

        // The one node that reads the tensor, not counting the Shape nodes that read only its dimensions.
        Reader? OnlyReader(string tensor) =>
            readers.GetValueOrDefault(tensor)?.Where(r => r.Node.OpType != "Shape").ToList() is [var only] ? only : null;
    }

    /// <summary>The first token's row of the cut's input: <c>Gather(input, [0], axis = 1)</c>, B×1×width.</summary>
    private static byte[] FirstTokenGather(string input, string index, string output) => Message(GraphNode, s =>
    {
        ProtoWriter.WriteText(s, NodeInput, input);
        ProtoWriter.WriteText(s, NodeInput, index);
        ProtoWriter.WriteText(s, NodeOutput, output);
        ProtoWriter.WriteText(s, NodeName, output);
        ProtoWriter.WriteText(s, NodeOpType, "Gather");
        s.Write(Message(NodeAttribute, a =>
        {
            ProtoWriter.WriteText(a, AttributeName, "axis");
            ProtoWriter.WriteNumber(a, AttributeInt, 1);
            ProtoWriter.WriteNumber(a, AttributeType, AttributeTypeInt);
        }));
    });

    /// <summary>The index the gather reads: an int64 initializer holding 0.</summary>
    private static byte[] FirstTokenIndex(string name) => [.. TensorHead(name, [1], TensorInt64, sizeof(long)), .. new byte[sizeof(long)]];

    /// <summary>A node without attributes, written again from what was read of it (after the cut renamed an input).</summary>
    private static byte[] PlainNode(Node node) => Message(GraphNode, s =>
    {
        foreach (var input in node.Inputs)
        {
            ProtoWriter.WriteText(s, NodeInput, input);
        }

        foreach (var output in node.Outputs)
        {
            ProtoWriter.WriteText(s, NodeOutput, output);
        }

        if (node.Name is { } name)
        {
            ProtoWriter.WriteText(s, NodeName, name);
        }

        ProtoWriter.WriteText(s, NodeOpType, node.OpType);
        if (node.Domain.Length > 0)
        {
            ProtoWriter.WriteText(s, NodeDomain, node.Domain);
        }
    });
}
