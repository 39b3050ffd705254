namespace PaperBot.Papers.Semantic;

/// <summary>A paper's row id and its cosine similarity to a query.</summary>
public readonly record struct VectorMatch(long Seq, float Similarity);

/// <summary>
/// Every paper's vector in memory as signed bytes (384 bytes a paper: 384 MB for a million), scanned exactly
/// with SIMD on every core. docs/search.md compares this with an approximate index: at a million papers the
/// exact scan is fast enough and always finds the true nearest papers. Appends and replacements take a lock;
/// a scan reads a snapshot of the arrays without one (a vector replaced during a scan may be read half old,
/// half new, for that one query).
/// </summary>
public sealed class VectorIndex
{
    private const int Dimensions = EmbeddingModel.Dimensions;

    private readonly Lock gate = new();
    private readonly Dictionary<long, int> slots = [];
    private sbyte[] values = [];
    private float[] scales = [];
    private long[] seqs = [];
    private int count;

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
            slots.EnsureCapacity(capacity);
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
            if (!slots.TryGetValue(seq, out var slot))
            {
                Grow(count + 1);
                slot = count;
                seqs[slot] = seq;
                slots[seq] = slot;
                Volatile.Write(ref count, count + 1);
            }

            vector.CopyTo(values.AsSpan(slot * Dimensions, Dimensions));
            scales[slot] = scale;
        }
    }

    /// <summary>A paper's vector as floats (near unit length), or null when the index has none for it.</summary>
    public float[]? VectorOf(long seq)
    {
        lock (gate)
        {
            return slots.TryGetValue(seq, out var slot)
                ? new QuantizedVector(scales[slot], values.AsSpan(slot * Dimensions, Dimensions).ToArray()).ToFloats()
                : null;
        }
    }

    /// <summary>
    /// The <paramref name="limit"/> papers nearest to a unit <paramref name="query"/>, best first; only papers
    /// <paramref name="allowed"/> holds when it is given.
    /// </summary>
    public IReadOnlyList<VectorMatch> Search(ReadOnlySpan<float> query, int limit, IReadOnlySet<long>? allowed = null)
    {
        var quantized = QuantizedVector.From(query);
        sbyte[] data;
        float[] scaleOf;
        long[] seqOf;
        int total;
        lock (gate)
        {
            (data, scaleOf, seqOf, total) = (values, scales, seqs, count);
        }

        if (total == 0 || limit <= 0)
        {
            return [];
        }

        var parts = total < 20_000 ? 1 : Environment.ProcessorCount;
        var found = new List<VectorMatch>[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var start = (int)((long)total * part / parts);
            var end = (int)((long)total * (part + 1) / parts);
            found[part] = Scan(quantized.Values, data, scaleOf, seqOf, start, end, limit, allowed);
        });

        return found.SelectMany(f => f)
            .Select(m => m with { Similarity = m.Similarity * quantized.Scale })
            .OrderByDescending(m => m.Similarity)
            .ThenByDescending(m => m.Seq)
            .Take(limit)
            .ToArray();
    }

    private static List<VectorMatch> Scan(sbyte[] query, sbyte[] data, float[] scaleOf, long[] seqOf, int start, int end, int limit, IReadOnlySet<long>? allowed)
    {
        // A min-heap of the best so far: most papers fall below its smallest and cost one comparison.
        var heap = new PriorityQueue<long, float>(limit + 1);
        var floor = float.NegativeInfinity;
        for (var i = start; i < end; i++)
        {
            if (allowed is not null && !allowed.Contains(seqOf[i]))
            {
                continue;
            }

            var score = Int8Dot.Dot(query, data.AsSpan(i * Dimensions, Dimensions)) * scaleOf[i];
            if (heap.Count < limit)
            {
                heap.Enqueue(i, score);
                floor = heap.TryPeek(out _, out var lowest) ? lowest : score;
            }
            else if (score > floor)
            {
                heap.EnqueueDequeue(i, score);
                heap.TryPeek(out _, out floor);
            }
        }

        var matches = new List<VectorMatch>(heap.Count);
        while (heap.TryDequeue(out var slot, out var score))
        {
            matches.Add(new VectorMatch(seqOf[slot], score));
        }

        return matches;
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
    }
}
