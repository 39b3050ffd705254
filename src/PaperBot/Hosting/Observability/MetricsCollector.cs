using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using PaperBot.Observability;

namespace PaperBot.Hosting.Observability;

/// <summary>
/// Aggregates the <c>PaperBot</c> meter's measurements in memory (a <see cref="MeterListener"/>, no
/// exporter package) and renders them in Prometheus' text exposition format.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Series> series = new();

    public MetricsCollector(PaperBotMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);

        // Only this process's own PaperBot meter (tests run several hosts side by side), plus the Discord
        // REST client's meter, whose instance is not reachable from here.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) || instrument.Meter.Name == PaperBot.Discord.RateLimits.DiscordRestMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        listener.Start();
    }

    /// <summary>The current values in Prometheus text format (observable instruments are read now).</summary>
    public string Render()
    {
        // Observable counters report totals: reset them so this read replaces, not adds to, the last one.
        foreach (var entry in series.Where(e => e.Value.IsObservable))
        {
            entry.Value.Reset();
        }

        listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in series.OrderBy(s => s.Key.Name, StringComparer.Ordinal).GroupBy(s => s.Key.Name))
        {
            var name = group.Key;
            var first = group.First().Value;
            text.Append("# TYPE ").Append(name).Append(first.IsHistogram ? " histogram\n" : first.IsCounter ? " counter\n" : " gauge\n");
            foreach (var (key, value) in group.OrderBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                value.Write(text, name, key.Labels);
            }
        }

        return text.ToString();
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new StringBuilder();
        foreach (var tag in tags)
        {
            labels.Append(labels.Length == 0 ? string.Empty : ",")
                .Append(PrometheusName(tag.Key)).Append("=\"")
                .Append(Escape(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty)).Append('"');
        }

        var isHistogram = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);
        var isCounter = instrument.GetType().Name.Contains("Counter", StringComparison.Ordinal) && !instrument.GetType().Name.Contains("UpDown", StringComparison.Ordinal);
        var name = PrometheusName(instrument.Name) + (isCounter ? "_total" : string.Empty);
        series.GetOrAdd((name, labels.ToString()), _ => new Series(isHistogram, isCounter, instrument.IsObservable)).Add(value);
    }

    private static string PrometheusName(string name) =>
        string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) ? source[i] : '_';
            }
        });

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Series(bool isHistogram, bool isCounter, bool isObservable)
    {
        private readonly Lock gate = new();
        private readonly long[] buckets = new long[Bounds.Length];
        private double sum;
        private long count;

        public bool IsHistogram { get; } = isHistogram;

        public bool IsCounter { get; } = isCounter;

        public bool IsObservable { get; } = isObservable;

        public void Add(double value)
        {
            lock (gate)
            {
                sum += value;
                count++;
                for (var i = 0; i < Bounds.Length; i++)
                {
                    if (value <= Bounds[i])
                    {
                        buckets[i]++;
                    }
                }
            }
        }

        public void Reset()
        {
            lock (gate)
            {
                sum = 0;
                count = 0;
                Array.Clear(buckets);
            }
        }

        public void Write(StringBuilder text, string name, string labels)
        {
            lock (gate)
            {
                if (!IsHistogram)
                {
                    text.Append(name).Append(Braces(labels)).Append(' ').Append(Number(sum)).Append('\n');
                    return;
                }

                var separator = labels.Length == 0 ? string.Empty : ",";
                for (var i = 0; i < Bounds.Length; i++)
                {
                    text.Append(name).Append("_bucket{").Append(labels).Append(separator).Append("le=\"").Append(Number(Bounds[i])).Append("\"} ").Append(buckets[i]).Append('\n');
                }

                text.Append(name).Append("_bucket{").Append(labels).Append(separator).Append("le=\"+Inf\"} ").Append(count).Append('\n');
                text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(sum)).Append('\n');
                text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(count).Append('\n');
            }
        }

        private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
