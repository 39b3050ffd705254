using System.Numerics.Tensors;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// A unit vector stored as signed bytes and one scale: component ≈ byte × scale. The scale maps the largest
/// component to ±127, so every component keeps about 7 bits; cosines move by about 0.01 at most.
/// </summary>
public readonly record struct QuantizedVector(float Scale, sbyte[] Values)
{
    public static QuantizedVector From(ReadOnlySpan<float> vector)
    {
        // MaxMagnitude returns the component itself, so it is negative when the largest one is.
        var max = vector.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        var scale = max > 0 ? max / 127f : 1f;
        var values = new sbyte[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            values[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        }

        return new QuantizedVector(scale, values);
    }

    public float[] ToFloats()
    {
        var floats = new float[Values.Length];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = Values[i] * Scale;
        }

        return floats;
    }

    public byte[] ToBlob() => System.Runtime.InteropServices.MemoryMarshal.AsBytes(Values.AsSpan()).ToArray();

    public static QuantizedVector FromBlob(float scale, ReadOnlySpan<byte> blob) => new(scale, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(blob).ToArray());
}
