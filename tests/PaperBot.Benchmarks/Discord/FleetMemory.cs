using System.Globalization;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// Where one bot process's resident memory goes: <c>/proc/&lt;pid&gt;/smaps_rollup</c> splits RSS into file-backed
/// pages (the mapped runtime, assemblies and native libraries) and anonymous ones; the process's own
/// <c>/metrics</c> (the runtime's System.Runtime meter) says how much of the anonymous part the GC has committed,
/// so what is left is native: ONNX Runtime's model session, SQLite's page caches, thread stacks, JIT code.
/// </summary>
internal sealed record FleetMemory(long Rss, long FileBacked, long Anonymous, long GcCommitted, long GcHeap, int Threads, long Gen2 = 0, long LargeObjects = 0, long PeakRss = 0)
{
    public long NativeAnonymous => Math.Max(0, Anonymous - GcCommitted);

    public static async Task<FleetMemory> ReadAsync(int pid, int metricsPort, CancellationToken ct)
    {
        var rollup = File.ReadAllLines($"/proc/{pid}/smaps_rollup");
        var rss = Kilobytes(rollup, "Rss:");
        var anonymous = Kilobytes(rollup, "Anonymous:");
        var status = File.ReadAllLines($"/proc/{pid}/status");
        var threads = int.Parse(
            status.First(l => l.StartsWith("Threads:", StringComparison.Ordinal))["Threads:".Length..].Trim(),
            CultureInfo.InvariantCulture);
        var peak = Kilobytes(status, "VmHWM:");
        long committed = 0, heap = 0, gen2 = 0, loh = 0;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"), ct);
            committed = Sum(text, "gc_last_collection_memory_committed_size");
            heap = Sum(text, "gc_last_collection_heap_size");
            gen2 = Sum(text, "gc_last_collection_heap_size", "gen2");
            loh = Sum(text, "gc_last_collection_heap_size", "loh");
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // A process too busy to answer its /metrics in time: the row shows zeros for the GC rather than failing the run.
        }

        return new FleetMemory(rss, rss - anonymous, anonymous, committed, heap, threads, gen2, loh, peak);
    }

    /// <summary>
    /// One table cell: RSS = file-backed + GC committed (heap in use) + other anonymous (native), and the highest RSS
    /// the process has had since it started (VmHWM).
    /// </summary>
    public override string ToString() =>
        $"{Mb(Rss)} = file {Mb(FileBacked)} + GC {Mb(GcCommitted)} (heap {Mb(GcHeap)}: gen2 {Mb(Gen2)}, large {Mb(LargeObjects)}) + native {Mb(NativeAnonymous)}; {Threads} threads; peak so far {Mb(PeakRss)}";

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MB";

    private static long Kilobytes(string[] lines, string field)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// Sums every sample of the metric whose name contains <paramref name="fragment"/> (one per GC generation), or
    /// only the sample of <paramref name="generation"/> (its <c>gc_heap_generation</c> label).
    /// </summary>
    private static long Sum(string exposition, string fragment, string? generation = null)
    {
        double total = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.Contains(fragment, StringComparison.Ordinal)
                || (generation is not null && !line.Contains($"=\"{generation}\"", StringComparison.Ordinal)))
            {
                continue;
            }

            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                total += v;
            }
        }

        return (long)total;
    }
}
