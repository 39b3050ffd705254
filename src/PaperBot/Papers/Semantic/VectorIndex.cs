using System.Runtime.Intrinsics;

namespace PaperBot.Papers.Semantic;

/// <summary>A paper's row id and its cosine similarity to a query.</summary>
public readonly record struct VectorMatch(long Seq, float Similarity);

/// <summary>
/// Every paper's vector in memory as signed bytes (384 bytes a paper: 384 MB for a million), with the signs of its
/// components as bits (48 bytes a paper). A small index is scanned exactly with SIMD on every core. From
/// <see cref="SketchFrom"/> vectors on, reading 384 MB per query is what a search waits for (the scan is bound by
/// memory bandwidth), so the scan first compares sign bits (an eighth of the bytes: papers whose components share
/// the query's signs point its way), then scores the closest few tens of thousands exactly. docs/search.md measures what
/// that costs in recall. Appends and replacements take a lock; a scan reads a snapshot of the arrays without one
/// (a vector replaced during a scan may be read half old, half new, for that one query).
/// </summary>
public sealed partial class VectorIndex
{
    private const int Dimensions = EmbeddingModel.Dimensions;

    // The signs of a vector's components as bits, 64 to a word.
    private const int SignWords = Dimensions / 64;

    // Vectors scored exactly per result asked for, among the closest by sign bits (at least SketchCandidates).
    private const int CandidatesPerResult = 32;

    private readonly Lock gate = new();
    // A paper's slot: the first `ordered` slots hold ascending row ids (the start-up load reads them in order) and are
    // found by binary search; a slot appended out of order is kept here. A dictionary of every slot cost 28 MB at 1M.
    private readonly Dictionary<long, int> unordered = [];
    private int ordered;
    private sbyte[] values = [];
    private float[] scales = [];
    private long[] seqs = [];
    private ulong[] signs = [];
    private int count;

    /// <summary>From how many vectors on a search compares sign bits first (below it, every vector is scored exactly).</summary>
    public int SketchFrom { get; init; } = 200_000;

    /// <summary>
    /// How many of the vectors closest by sign a search scores exactly. At a million vectors 32,768 found 0.967 of
    /// the exact scan's top 10 in 10.5 ms, 4,096 only 0.817 (docs/benchmarks.md); an index with fewer than four
    /// times as many vectors is scanned exactly.
    /// </summary>
    public int SketchCandidates { get; init; } = 32_768;

    public int Count => Volatile.Read(ref count);

    /// <summary>The highest store stamp this index holds (see <see cref="PaperVectorStore"/>).</summary>
    public long Stamp { get; private set; }

    /// <summary>Records that every vector up to this store stamp is in the index.</summary>
    public void MarkStamp(long stamp)
    {
        lock (gate)
        {
            Stamp = Math.Max(Stamp, stamp);
        }
    }

    /// <summary>Makes room for <paramref name="capacity"/> vectors at once (the start-up load knows how many come).</summary>
    public void Reserve(int capacity)
    {
        lock (gate)
        {
            Grow(capacity);
        }
    }

    /// <summary>Adds a paper's vector, or replaces the one it had.</summary>
    public void Set(long seq, float scale, ReadOnlySpan<sbyte> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"A vector has {Dimensions} components.", nameof(vector));
        }

        lock (gate)
        {
            if (!TryFind(seq, out var slot))
            {
                Grow(count + 1);
                slot = count;
                seqs[slot] = seq;
                if (ordered == count && (count == 0 || seqs[count - 1] < seq))
                {
                    ordered++;
                }
                else
                {
                    unordered[seq] = slot;
                }

                Volatile.Write(ref count, count + 1);
            }

            vector.CopyTo(values.AsSpan(slot * Dimensions, Dimensions));
            SignsOf(vector, signs.AsSpan(slot * SignWords, SignWords));
            scales[slot] = scale;
        }
    }

    /// <summary>A paper's vector as floats (near unit length), or null when the index has none for it.</summary>
    public float[]? VectorOf(long seq)
    {
        lock (gate)
        {
            return TryFind(seq, out var slot)
                ? new QuantizedVector(scales[slot], values.AsSpan(slot * Dimensions, Dimensions).ToArray()).ToFloats()
                : null;
        }
    }

    private bool TryFind(long seq, out int slot)
    {
        slot = Array.BinarySearch(seqs, 0, ordered, seq);
        return slot >= 0 || unordered.TryGetValue(seq, out slot);
    }

    /// <summary>
    /// The <paramref name="limit"/> papers nearest to a unit <paramref name="query"/>, best first; only papers
    /// <paramref name="allowed"/> holds when it is given.
    /// </summary>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int limit, IReadOnlySet<long>? allowed = null)
    {
        var quantized = QuantizedVector.From(query);
        Snapshot snapshot;
        lock (gate)
        {
            snapshot = new Snapshot(values, scales, seqs, signs, count);
        }

        if (snapshot.Count == 0 || limit <= 0)
        {
            return [];
        }

        var candidates = Math.Max((long)limit * CandidatesPerResult, SketchCandidates);
        var parts = snapshot.Count < 20_000 ? 1 : Environment.ProcessorCount;
        var found = new List<VectorMatch>[parts];
        if (snapshot.Count < SketchFrom || allowed is not null || candidates * 4 > snapshot.Count)
        {
            ForEachPart(parts, part =>
            {
                var (start, end) = Range(snapshot.Count, part, parts);
                found[part] = Scan(quantized.Values, snapshot, start, end, limit, allowed);
            });
        }
        else
        {
            SketchScan(quantized.Values, snapshot, limit, (int)candidates, parts, found);
        }

        return found.SelectMany(f => f)
            .Select(m => m with { Similarity = m.Similarity * quantized.Scale })
            .OrderByDescending(m => m.Similarity)
            .ThenByDescending(m => m.Seq)
            .Take(limit)
            .ToArray();
    }

    /// <summary>Sets one bit per component, for the negative ones.</summary>
    private static void SignsOf(ReadOnlySpan<sbyte> vector, Span<ulong> bits)
    {
        for (var word = 0; word < SignWords; word++)
        {
            var low = Vector256.ExtractMostSignificantBits(Vector256.Create(vector.Slice(word * 64, 32)));
            var high = Vector256.ExtractMostSignificantBits(Vector256.Create(vector.Slice((word * 64) + 32, 32)));
            bits[word] = low | ((ulong)high << 32);
        }
    }

    /// <summary>Runs the parts on as many threads; one part (a store under 20,000 papers) on the caller's thread alone.</summary>
    private static void ForEachPart(int parts, Action<int> body)
    {
        if (parts == 1)
        {
            body(0);
            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, body);
    }

    private static (int Start, int End) Range(int total, int part, int parts) =>
        ((int)((long)total * part / parts), (int)((long)total * (part + 1) / parts));

    private readonly record struct Snapshot(sbyte[] Values, float[] Scales, long[] Seqs, ulong[] Signs, int Count);

    private static List<VectorMatch> Scan(sbyte[] query, Snapshot snapshot, int start, int end, int limit, IReadOnlySet<long>? allowed)
    {
        var (data, scaleOf, seqOf) = (snapshot.Values, snapshot.Scales, snapshot.Seqs);
        var best = new TopScores(limit);
        for (var i = start; i < end; i++)
        {
            if (allowed is null || allowed.Contains(seqOf[i]))
            {
                best.Offer(i, Int8Dot.Dot(query, data.AsSpan(i * Dimensions, Dimensions)) * scaleOf[i]);
            }
        }

        return best.Matches(seqOf);
    }

    /// <summary>The best scores so far, in a min-heap: most vectors fall below its smallest and cost one comparison.</summary>
    private sealed class TopScores(int limit)
    {
        private readonly PriorityQueue<int, float> heap = new(limit + 1);
        private float floor = float.NegativeInfinity;

        public void Offer(int slot, float score)
        {
            if (heap.Count < limit)
            {
                heap.Enqueue(slot, score);
                heap.TryPeek(out _, out floor);
            }
            else if (score > floor)
            {
                heap.EnqueueDequeue(slot, score);
                heap.TryPeek(out _, out floor);
            }
        }

        public List<VectorMatch> Matches(long[] seqOf)
        {
            var matches = new List<VectorMatch>(heap.Count);
            while (heap.TryDequeue(out var slot, out var score))
            {
                matches.Add(new VectorMatch(seqOf[slot], score));
            }

            return matches;
        }
    }

    private void Grow(int needed)
    {
        if (needed <= seqs.Length)
        {
            return;
        }

        var capacity = Math.Max(needed, Math.Max(1024, seqs.Length * 3 / 2));
        Array.Resize(ref values, capacity * Dimensions);
        Array.Resize(ref scales, capacity);
        Array.Resize(ref seqs, capacity);
        Array.Resize(ref signs, capacity * SignWords);
    }
}
