using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PaperBot.Papers.Semantic;

/// <summary>Dot products of signed-byte vectors, the inner loop of the exact vector scan.</summary>
internal static class Int8Dot
{
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && length >= 32)
        {
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            var accumulator = Vector256<int>.Zero;
            for (; i <= length - 32; i += 32)
            {
                var (leftLow, leftHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.Add(ref left, i)));
                var (rightLow, rightHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.Add(ref right, i)));
                // vpmaddwd: products of 16-bit pairs summed into 32 bits; 127 × 127 × 2 cannot overflow.
                accumulator = Avx2.Add(accumulator, Avx2.Add(Avx2.MultiplyAddAdjacent(leftLow, rightLow), Avx2.MultiplyAddAdjacent(leftHigh, rightHigh)));
            }

            sum = Vector256.Sum(accumulator);
        }

        for (; i < length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
