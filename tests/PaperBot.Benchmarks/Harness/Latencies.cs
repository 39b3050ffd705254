using System.Diagnostics;
using System.Globalization;

namespace PaperBot.Benchmarks.Harness;

/// <summary>Collects per-operation latencies and reports nearest-rank percentiles in milliseconds.</summary>
internal sealed class Latencies
{
    private readonly List<double> millis = [];

    public int Count => millis.Count;

    public void Add(TimeSpan elapsed) => millis.Add(elapsed.TotalMilliseconds);

    public void Add(double elapsedMillis) => millis.Add(elapsedMillis);

    /// <summary>Pools another run's figures into this one.</summary>
    public void AddAll(Latencies other) => millis.AddRange(other.millis);

    public double Percentile(double p)
    {
        if (millis.Count == 0)
        {
            return double.NaN;
        }

        var sorted = millis.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public string P50 => Format(Percentile(50));

    public string P99 => Format(Percentile(99));

    public static string Format(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Runs <paramref name="operation"/> once per input: first a warm-up pass (not recorded), then the measured pass.</summary>
    public static async Task<Latencies> MeasureAsync<T>(IReadOnlyList<T> warmUp, IReadOnlyList<T> measured, Func<T, Task> operation)
    {
        foreach (var input in warmUp)
        {
            await operation(input);
        }

        var result = new Latencies();
        foreach (var input in measured)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(input);
            result.Add(Stopwatch.GetElapsedTime(start));
        }

        return result;
    }
}
