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
        float[] input = [0.3f, -1.2f, 2.5f, 0.7f, -0.9f, 0.4f, 1.6f, -2.2f];

        var plan = ModelQuantizer.Prepare(model);
        using var written = new MemoryStream();
        ModelQuantizer.Write((offset, destination) => model.AsSpan((int)offset, destination.Length).CopyTo(destination), plan, written);
        var quantized = written.ToArray();

        Assert.Equal(1, plan.Quantized);
        Assert.Equal(plan.Length, quantized.Length);
        Assert.Contains(ModelQuantizer.QuantizedOp, System.Text.Encoding.ASCII.GetString(quantized), StringComparison.Ordinal);
        var exact = Multiply(input, 2, 4, Weights, 3);
        var fromFloat = Run(model, input);
        var fromInt8 = Run(quantized, input);
        for (var i = 0; i < exact.Length; i++)
        {
            Assert.Equal(exact[i], fromFloat[i], 4);
            // Weights to 7 bits a column and inputs to 8 bits a row: within a few hundredths on values of about 1-5.
            Assert.True(Math.Abs(exact[i] - fromInt8[i]) < 0.06, $"output {i}: {fromInt8[i]} against {exact[i]}");
        }
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

    // Y = X·W (X: 2×4, W: a 4×3 initializer); with sharedWeights, Z = X·W too, so W is read by two nodes. W's dims
    // are two fields, or with packedDims one packed list (protobuf writers may do either).
    private static byte[] TinyModel(bool sharedWeights, bool packedDims = false)
    {
        var graph = Field(g =>
        {
            g.Write(MatMulByW("Y", "product"));
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
