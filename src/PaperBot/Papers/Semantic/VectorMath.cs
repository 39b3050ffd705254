using System.Numerics.Tensors;

namespace PaperBot.Papers.Semantic;

internal static class VectorMath
{
    /// <summary>Scales the vector to unit length (a zero vector stays zero).</summary>
    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }
}
