using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Cloud.Unum.USearch;
using PaperBot.Benchmarks.Harness;
using PaperBot.Papers.Semantic;

namespace PaperBot.Benchmarks.Meaning;

/// <summary>
/// The exact int8 scan search uses (<see cref="VectorIndex"/>) against a USearch HNSW index over the same
/// vectors: recall@10 against exact float cosines, and latency. The index lives here only: it is what the scan
/// would be replaced with if the scan missed its target.
/// </summary>
internal static class VectorFigures
{
    private const int Recall = 10;

    public static void Run(int count, SyntheticVectors vectors, IReadOnlyList<float[]> queries, string directory, Table table, bool withIndex)
    {
        var exact = new VectorIndex { SketchFrom = int.MaxValue };
        var sketched = new VectorIndex();
        exact.Reserve(count);
        sketched.Reserve(count);
        var keys = new ulong[count];
        var started = Stopwatch.GetTimestamp();
        var floats = new float[(long)count * SyntheticVectors.Dimensions];
        for (var i = 0; i < count; i++)
        {
            var vector = vectors.Vector(i + 1);
            vector.CopyTo(floats.AsSpan(i * SyntheticVectors.Dimensions, SyntheticVectors.Dimensions));
            var quantized = QuantizedVector.From(vector);
            exact.Set(i + 1, quantized.Scale, quantized.Values);
            sketched.Set(i + 1, quantized.Scale, quantized.Values);
            keys[i] = (ulong)(i + 1);
        }

        Console.WriteLine($"  {count:N0} synthetic vectors made in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        var truth = queries.Select(q => TopByFloat(floats, count, q)).ToArray();
        var exactLatency = new Latencies();
        var exactWide = new Latencies();
        var exactFound = 0;
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        for (var q = 0; q < queries.Count; q++)
        {
            var t = Stopwatch.GetTimestamp();
            var found = exact.Search(queries[q], Recall);
            exactLatency.Add(Stopwatch.GetElapsedTime(t));
            exactFound += found.Count(m => truth[q].Contains(m.Seq));
            t = Stopwatch.GetTimestamp();
            exact.Search(queries[q], 75);
            exactWide.Add(Stopwatch.GetElapsedTime(t));
        }

        var cpuPerScan = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (2 * queries.Count);
        table.Add($"exact int8 scan, top 10 p50 / p99 ({queries.Count} queries)", exactLatency.P50 + " / " + exactLatency.P99, "hybrid p99 <= 50 ms at 1M");
        table.Add("  CPU time per scan (both cores)", Latencies.Format(cpuPerScan), "");
        table.Add("exact int8 scan, top 75 (a hybrid search's pool) p50 / p99", exactWide.P50 + " / " + exactWide.P99, "");
        table.Add("exact int8 scan recall@10 (vs float cosines)", Ratio(exactFound, queries.Count * Recall), "");

        // What search uses from VectorIndex.SketchFrom papers on: sign bits first, then exact scores for the closest.
        var sketchLatency = new Latencies();
        var sketchWide = new Latencies();
        var sketchFound = 0;
        var sketchAgrees = 0;
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        for (var q = 0; q < queries.Count; q++)
        {
            var t = Stopwatch.GetTimestamp();
            var found = sketched.Search(queries[q], Recall);
            sketchLatency.Add(Stopwatch.GetElapsedTime(t));
            sketchFound += found.Count(m => truth[q].Contains(m.Seq));
            var exactTop = exact.Search(queries[q], Recall).Select(m => m.Seq).ToHashSet();
            sketchAgrees += found.Count(m => exactTop.Contains(m.Seq));
            t = Stopwatch.GetTimestamp();
            sketched.Search(queries[q], 75);
            sketchWide.Add(Stopwatch.GetElapsedTime(t));
        }

        table.Add($"sign pass + exact scores (search's scan from {sketched.SketchFrom:N0} papers), top 10 p50 / p99", sketchLatency.P50 + " / " + sketchLatency.P99, "");
        table.Add("  top 75 p50 / p99", sketchWide.P50 + " / " + sketchWide.P99, "");
        table.Add("  recall@10 vs float cosines / vs the exact int8 scan", Ratio(sketchFound, queries.Count * Recall) + " / " + Ratio(sketchAgrees, queries.Count * Recall), "");
        sketched = null;
        if (!withIndex)
        {
            return;
        }
        floats = [];

        // Named after the vectors too: a run whose model settings moved the centres must not reuse the index.
        var indexFile = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"usearch-{count}-{vectors.Vector(1)[0]:0.000000}.i8.usearch"));
        using var index = File.Exists(indexFile) ? new USearchIndex(indexFile) : Build(count, vectors, keys, table);
        if (!File.Exists(indexFile))
        {
            index.Save(indexFile);
        }
        else
        {
            table.Add("USearch index build", "(reused " + Path.GetFileName(indexFile) + ")", "");
        }

        var loading = Stopwatch.GetTimestamp();
        using (new USearchIndex(indexFile))
        {
            table.Add("USearch index load from file", Latencies.Format(Stopwatch.GetElapsedTime(loading).TotalMilliseconds), "");
        }

        table.Add("USearch index file", Mb(new FileInfo(indexFile).Length), "");
        var approximate = new Latencies();
        var approximateFound = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var t = Stopwatch.GetTimestamp();
            index.Search(queries[q], Recall, out var found, out _);
            approximate.Add(Stopwatch.GetElapsedTime(t));
            approximateFound += found.Count(k => truth[q].Contains((long)k));
        }

        table.Add("USearch (HNSW, i8, M 16, ef 64) top 10 p50 / p99", approximate.P50 + " / " + approximate.P99, "");
        table.Add("USearch recall@10 (vs float cosines)", Ratio(approximateFound, queries.Count * Recall), "");
    }

    private static USearchIndex Build(int count, SyntheticVectors vectors, ulong[] keys, Table table)
    {
        var index = new USearchIndex(MetricKind.Cos, ScalarKind.Int8, SyntheticVectors.Dimensions, connectivity: 16, expansionAdd: 128, expansionSearch: 64);
        var started = Stopwatch.GetTimestamp();
        // The wrapper reserves room one add at a time, which is not safe from several threads: reserve it all
        // first through the C API (room for every core's thread), then add from every core.
        var handle = (IntPtr)typeof(USearchIndex).GetField("_index", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(index)!;
        usearch_reserve(handle, (UIntPtr)(uint)count, out var error);
        if (error != IntPtr.Zero)
        {
            throw new InvalidOperationException("usearch_reserve failed");
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => index.Add(keys[i], vectors.Vector(i + 1)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        table.Add($"USearch index build ({Environment.ProcessorCount} threads)", string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s ({count / seconds:N0} vectors/s)"), "");
        return index;
    }

    [System.Runtime.InteropServices.DllImport("libusearch_c")]
    private static extern void usearch_reserve(IntPtr index, UIntPtr capacity, out IntPtr error);

    /// <summary>The true nearest by float cosine (the vectors are unit length: a dot product).</summary>
    private static HashSet<long> TopByFloat(float[] floats, int count, float[] query)
    {
        var heap = new PriorityQueue<long, float>(Recall + 1);
        for (var i = 0; i < count; i++)
        {
            var score = TensorPrimitives.Dot(query, floats.AsSpan(i * SyntheticVectors.Dimensions, SyntheticVectors.Dimensions));
            if (heap.Count < Recall)
            {
                heap.Enqueue(i + 1, score);
            }
            else if (heap.TryPeek(out _, out var lowest) && score > lowest)
            {
                heap.EnqueueDequeue(i + 1, score);
            }
        }

        return [.. heap.UnorderedItems.Select(x => x.Element)];
    }

    private static string Ratio(int found, int total) => (found / (double)Math.Max(1, total)).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";
}
