using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace PaperBot.Papers.Semantic;

/// <summary>The sign pass of a large index (see the class summary in VectorIndex.cs).</summary>
public sealed partial class VectorIndex
{
    /// <summary>
    /// The two passes of a large index: every vector's count of components whose sign differs from the query's
    /// (six XORs and popcounts), then exact scores for the <paramref name="candidates"/> vectors with the fewest
    /// differences (among those tied at the cut-off, the first ones).
    /// </summary>
    private static void SketchScan(sbyte[] query, Snapshot snapshot, int limit, int candidates, int parts, List<VectorMatch>[] found)
    {
        var q = new ulong[SignWords];
        SignsOf(query, q);
        var differences = ArrayPool<ushort>.Shared.Rent(snapshot.Count);
        try
        {
            var histograms = new int[parts][];
            ForEachPart(parts, part =>
            {
                var (start, end) = Range(snapshot.Count, part, parts);
                histograms[part] = Differences(q, snapshot.Signs, differences, start, end);
            });

            // Every vector with fewer differences than the cut-off, and from the cut-off's own count as many as make
            // up the candidates, taken part by part in order: the answer does not depend on which thread ran first.
            var cutoff = 0;
            var below = 0;
            for (; cutoff < Dimensions; cutoff++)
            {
                var atCutoff = histograms.Sum(h => h[cutoff]);
                if (below + atCutoff >= candidates)
                {
                    break;
                }

                below += atCutoff;
            }

            var tiedTaken = new int[parts];
            for (int part = 0, left = candidates - below; part < parts; part++)
            {
                tiedTaken[part] = Math.Min(left, histograms[part][cutoff]);
                left -= tiedTaken[part];
            }

            ForEachPart(parts, part =>
            {
                var (start, end) = Range(snapshot.Count, part, parts);
                // Exactly this part's share of the candidates, in a pooled array: a new one (tens of kilobytes) per
                // search would land on the large object heap, whose allocations set off full collections.
                var taken = histograms[part].Take(cutoff).Sum() + tiedTaken[part];
                var slots = ArrayPool<int>.Shared.Rent(taken);
                try
                {
                    Closest(differences, start, end, cutoff, tiedTaken[part], slots);
                    found[part] = ScoreSlots(query, snapshot, slots.AsSpan(0, taken), limit);
                }
                finally
                {
                    ArrayPool<int>.Shared.Return(slots);
                }
            });
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(differences);
        }
    }

    /// <summary>Writes the slots with fewer differences than the cut-off, and the first <paramref name="tied"/> with as many.</summary>
    private static void Closest(ushort[] differences, int start, int end, int cutoff, int tied, int[] slots)
    {
        var taken = 0;
        for (var i = start; i < end; i++)
        {
            var d = differences[i];
            if (d < cutoff || (d == cutoff && tied-- > 0))
            {
                slots[taken++] = i;
            }
        }
    }

    /// <summary>
    /// Exact scores of scattered vectors. Each read is a cache and TLB miss in hundreds of megabytes, so the vectors
    /// a few slots ahead are prefetched while one is scored: this pass took half as long with it at a million papers.
    /// </summary>
    private static unsafe List<VectorMatch> ScoreSlots(sbyte[] query, Snapshot snapshot, ReadOnlySpan<int> slots, int limit)
    {
        const int Ahead = 8;
        var (data, scaleOf) = (snapshot.Values, snapshot.Scales);
        var best = new TopScores(limit);
        fixed (sbyte* values = data)
        {
            for (var k = 0; k < Math.Min(Ahead, slots.Length); k++)
            {
                Prefetch(values, slots[k]);
            }

            for (var k = 0; k < slots.Length; k++)
            {
                if (k + Ahead < slots.Length)
                {
                    Prefetch(values, slots[k + Ahead]);
                }

                var slot = slots[k];
                best.Offer(slot, Int8Dot.Dot(query, data.AsSpan(slot * Dimensions, Dimensions)) * scaleOf[slot]);
            }
        }

        return best.Matches(snapshot.Seqs);
    }

    private static unsafe void Prefetch(sbyte* values, int slot)
    {
        if (Sse.IsSupported)
        {
            var vector = values + ((long)slot * Dimensions);
            for (var line = 0; line < Dimensions; line += 64)
            {
                Sse.Prefetch0(vector + line);
            }
        }
    }

    /// <summary>Each vector's count of sign differences from the query, and how many vectors have each count.</summary>
    private static int[] Differences(ulong[] query, ulong[] signs, ushort[] differences, int start, int end)
    {
        // Two histograms, for even and odd vectors: consecutive increments of one count would wait on each other.
        Span<int> counts = stackalloc int[2 * (Dimensions + 1)];
        counts.Clear();
        var (q0, q1, q2, q3, q4, q5) = (query[0], query[1], query[2], query[3], query[4], query[5]);
        ref var sign = ref MemoryMarshal.GetArrayDataReference(signs);
        ref var difference = ref MemoryMarshal.GetArrayDataReference(differences);
        ref var count = ref MemoryMarshal.GetReference(counts);
        for (var i = start; i < end; i++)
        {
            ref var s = ref Unsafe.Add(ref sign, (nint)i * SignWords);
            var d = BitOperations.PopCount(q0 ^ s) + BitOperations.PopCount(q1 ^ Unsafe.Add(ref s, 1))
                + BitOperations.PopCount(q2 ^ Unsafe.Add(ref s, 2)) + BitOperations.PopCount(q3 ^ Unsafe.Add(ref s, 3))
                + BitOperations.PopCount(q4 ^ Unsafe.Add(ref s, 4)) + BitOperations.PopCount(q5 ^ Unsafe.Add(ref s, 5));
            Unsafe.Add(ref difference, i) = (ushort)d;
            Unsafe.Add(ref count, ((i & 1) * (Dimensions + 1)) + d)++;
        }

        var histogram = new int[Dimensions + 1];
        for (var d = 0; d <= Dimensions; d++)
        {
            histogram[d] = counts[d] + counts[Dimensions + 1 + d];
        }

        return histogram;
    }
}
