using Microsoft.ML.OnnxRuntime;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>
/// The 8-bit rewrite on small ONNX models built here field by field (onnx/onnx.proto), run by the real ONNX Runtime:
/// what it rewrites computes what the float model computes, what it must leave alone it leaves byte for byte, and a
/// file that is not a model is refused with a reason.
/// </summary>
public sealed class ModelQuantizerTests
{
    private static readonly float[] Weights =
    [
        0.50f, -1.25f, 0.03f,
        -0.75f, 0.20f, 2.00f,
        1.10f, 0.00f, -0.40f,
        -0.05f, 0.90f, 0.60f,
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quantize_MatMulByAConstantMatrix_RunsAsDynamicQuantizeMatMulAndMatchesTheFloatProduct(bool packedDims)
    {
        var model = TinyModel(sharedWeights: false, packedDims);

        var quantized = Quantize(model, out var plan);

        Assert.Equal(1, plan.Quantized);
        Assert.Equal([ModelQuantizer.QuantizedOp], OpTypes(quantized));
        AssertComputes(Multiply(Input, 2, 4, Weights, 3), model, quantized);
    }

    [Fact]
    public void Quantize_MatrixReadByTwoNodes_LeavesTheModelByteForByte()
    {
        var model = TinyModel(sharedWeights: true);

        var plan = ModelQuantizer.Prepare(model);
        using var written = new MemoryStream();
        ModelQuantizer.Write((offset, destination) => model.AsSpan((int)offset, destination.Length).CopyTo(destination), plan, written);

        Assert.Equal(0, plan.Quantized);
        Assert.Equal(model, written.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quantize_ProductPlusAConstantVector_AddsTheBiasInTheRewrittenNodeAndDropsTheAdd(bool biasFirst)
    {
        var model = TinyModel(sharedWeights: false, bias: biasFirst ? BiasAdd.BiasFirst : BiasAdd.ProductFirst);

        var quantized = Quantize(model, out var plan);

        Assert.Equal(1, plan.Quantized);
        Assert.Equal(["MatMul", "Add"], OpTypes(model));
        Assert.Equal([ModelQuantizer.QuantizedOp], OpTypes(quantized));
        AssertComputes(WithBias(Multiply(Input, 2, 4, Weights, 3)), model, quantized);
    }

    [Fact]
    public void Quantize_ProductAlsoReadElsewhere_KeepsItsAdd()
    {
        var model = TinyModel(sharedWeights: false, bias: BiasAdd.ProductAlsoAnOutput);

        var quantized = Quantize(model, out var plan);

        Assert.Equal(1, plan.Quantized);
        Assert.Equal([ModelQuantizer.QuantizedOp, "Add"], OpTypes(quantized));
        AssertComputes(WithBias(Multiply(Input, 2, 4, Weights, 3)), model, quantized);
    }

    [Fact]
    public void Prepare_FirstTokenOnly_GraphWithoutAnEncoderLayer_IsNotCut()
    {
        var model = TinyModel(sharedWeights: false, bias: BiasAdd.ProductFirst);

        var cut = Quantize(model, out var plan, firstTokenOnly: true);

        Assert.False(plan.FirstTokenOnly);
        Assert.Equal(ModelQuantizer.FileTag, plan.FileTag);
        Assert.Equal(Quantize(model, out _), cut);
    }

    [Theory]
    [InlineData("cut")]
    [InlineData("text")]
    [InlineData("no-graph")]
    public void Prepare_NotAnOnnxModel_IsRefusedWithAReason(string damage)
    {
        var model = TinyModel(sharedWeights: false);
        byte[] bytes = damage switch
        {
            "cut" => model[..(model.Length - 40)],
            "text" => System.Text.Encoding.UTF8.GetBytes("{\"not\": \"a model\"}"),
            _ => Field(s => ProtoWriter.WriteNumber(s, 1, 8)),
        };

        var error = Assert.Throws<InvalidDataException>(() => ModelQuantizer.Prepare(bytes));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    private static readonly float[] Bias = [0.25f, -0.5f, 1.75f];

    // X, 2×4.
    private static readonly float[] Input = [0.3f, -1.2f, 2.5f, 0.7f, -0.9f, 0.4f, 1.6f, -2.2f];

    // Y as both models must give it for Input: the float model to four decimals; the 8-bit one, with weights to 7 bits
    // a column and inputs to 8 bits a row, within a few hundredths on values of about 1-5.
    private static void AssertComputes(float[] exact, byte[] model, byte[] quantized)
    {
        var fromFloat = Run(model, Input);
        var fromInt8 = Run(quantized, Input);
        for (var i = 0; i < exact.Length; i++)
        {
            Assert.Equal(exact[i], fromFloat[i], 4);
            Assert.True(Math.Abs(exact[i] - fromInt8[i]) < 0.06, $"output {i}: {fromInt8[i]} against {exact[i]}");
        }
    }

    private static float[] WithBias(float[] product) => [.. product.Select((v, i) => v + Bias[i % Bias.Length])];

    /// <summary>How the tiny model's product reaches its output Y.</summary>
    private enum BiasAdd
    {
        /// <summary>Y is the product.</summary>
        None,

        /// <summary>Y = product + B.</summary>
        ProductFirst,

        /// <summary>Y = B + product.</summary>
        BiasFirst,

        /// <summary>Y = product + B, and the product is a graph output (P) as well.</summary>
        ProductAlsoAnOutput,
    }

    private static byte[] Quantize(byte[] model, out ModelQuantizer.Plan plan, bool firstTokenOnly = false)
    {
        plan = ModelQuantizer.Prepare(model, firstTokenOnly);
        using var written = new MemoryStream();
        ModelQuantizer.Write((offset, destination) => model.AsSpan((int)offset, destination.Length).CopyTo(destination), plan, written);
        var bytes = written.ToArray();
        Assert.Equal(plan.Length, bytes.Length);
        return bytes;
    }

    // The graph's nodes' operator types, in order (onnx.proto: ModelProto.graph = 7, GraphProto.node = 1, NodeProto.op_type = 4).
    private static List<string> OpTypes(byte[] model)
    {
        var types = new List<string>();
        var top = new ProtoReader(model, 0, model.Length);
        while (!top.AtEnd)
        {
            var field = top.Next();
            if (field.Number != 7)
            {
                continue;
            }

            var graph = new ProtoReader(model, field.PayloadStart, field.PayloadLength);
            while (!graph.AtEnd)
            {
                var g = graph.Next();
                if (g.Number != 1)
                {
                    continue;
                }

                var node = new ProtoReader(model, g.PayloadStart, g.PayloadLength);
                while (!node.AtEnd)
                {
                    var n = node.Next();
                    if (n.Number == 4)
                    {
                        types.Add(node.Text(n));
                    }
                }
            }
        }

        return types;
    }

    private static float[] Run(byte[] model, float[] input)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [2, 4]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["X"], [value], ["Y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static float[] Multiply(float[] a, int rows, int inner, float[] b, int columns)
    {
        var result = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                for (var k = 0; k < inner; k++)
                {
                    result[(r * columns) + c] += a[(r * inner) + k] * b[(k * columns) + c];
                }
            }
        }

        return result;
    }

    // Y = X·W (X: 2×4, W: a 4×3 initializer), or X·W + B (see BiasAdd); with sharedWeights, Z = X·W too, so W is read
    // by two nodes. W's dims are two fields, or with packedDims one packed list (protobuf writers may do either).
    private static byte[] TinyModel(bool sharedWeights, bool packedDims = false, BiasAdd bias = BiasAdd.None)
    {
        var graph = Field(g =>
        {
            g.Write(MatMulByW(bias == BiasAdd.None ? "Y" : "P", "product"));
            if (bias != BiasAdd.None)
            {
                g.Write(Field(1, n =>
                {
                    ProtoWriter.WriteText(n, 1, bias == BiasAdd.BiasFirst ? "B" : "P");
                    ProtoWriter.WriteText(n, 1, bias == BiasAdd.BiasFirst ? "P" : "B");
                    ProtoWriter.WriteText(n, 2, "Y");
                    ProtoWriter.WriteText(n, 4, "Add");
                }));
                g.Write(Field(5, t =>
                {
                    ProtoWriter.WriteNumber(t, 1, 3);
                    ProtoWriter.WriteNumber(t, 2, 1);
                    ProtoWriter.WriteText(t, 8, "B");
                    ProtoWriter.WriteBytes(t, 9, System.Runtime.InteropServices.MemoryMarshal.AsBytes(Bias.AsSpan()));
                }));
            }

            if (sharedWeights)
            {
                g.Write(MatMulByW("Z", name: null));
            }

            ProtoWriter.WriteText(g, 2, "tiny");
            g.Write(Field(5, t =>
            {
                if (packedDims)
                {
                    ProtoWriter.WriteBytes(t, 1, [4, 3]);
                }
                else
                {
                    ProtoWriter.WriteNumber(t, 1, 4);
                    ProtoWriter.WriteNumber(t, 1, 3);
                }

                ProtoWriter.WriteNumber(t, 2, 1);
                ProtoWriter.WriteText(t, 8, "W");
                ProtoWriter.WriteBytes(t, 9, System.Runtime.InteropServices.MemoryMarshal.AsBytes(Weights.AsSpan()));
            }));
            g.Write(Field(11, v => ValueInfo(v, "X", [2, 4])));
            g.Write(Field(12, v => ValueInfo(v, "Y", [2, 3])));
            if (bias == BiasAdd.ProductAlsoAnOutput)
            {
                g.Write(Field(12, v => ValueInfo(v, "P", [2, 3])));
            }

            if (sharedWeights)
            {
                g.Write(Field(12, v => ValueInfo(v, "Z", [2, 3])));
            }
        });
        return Field(m =>
        {
            ProtoWriter.WriteNumber(m, 1, 8);
            ProtoWriter.WriteBytes(m, 7, graph);
            m.Write(Field(8, o =>
            {
                ProtoWriter.WriteText(o, 1, "");
                ProtoWriter.WriteNumber(o, 2, 13);
            }));
        });
    }

    // A node: output = X·W.
    private static byte[] MatMulByW(string output, string? name) => Field(1, n =>
    {
        ProtoWriter.WriteText(n, 1, "X");
        ProtoWriter.WriteText(n, 1, "W");
        ProtoWriter.WriteText(n, 2, output);
        if (name is not null)
        {
            ProtoWriter.WriteText(n, 3, name);
        }

        ProtoWriter.WriteText(n, 4, "MatMul");
    });

    private static void ValueInfo(Stream v, string name, long[] shape)
    {
        ProtoWriter.WriteText(v, 1, name);
        v.Write(Field(2, type => type.Write(Field(1, tensor =>
        {
            ProtoWriter.WriteNumber(tensor, 1, 1);
            tensor.Write(Field(2, s =>
            {
                foreach (var d in shape)
                {
                    s.Write(Field(1, dim => ProtoWriter.WriteNumber(dim, 1, d)));
                }
            }));
        }))));
    }

    private static byte[] Field(Action<Stream> write)
    {
        using var body = new MemoryStream();
        write(body);
        return body.ToArray();
    }

    private static byte[] Field(int number, Action<Stream> write)
    {
        using var whole = new MemoryStream();
        ProtoWriter.WriteBytes(whole, number, Field(write));
        return whole.ToArray();
    }
}
