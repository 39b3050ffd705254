using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Prometheus;

namespace PaperBot.Hosting.Observability;

/// <summary>
/// Feeds chosen .NET meters into prometheus-net collectors of their Prometheus kind: a counter stays a counter
/// (<c>_total</c>), a histogram gets its unit as a suffix (<c>_seconds</c>), the description becomes the
/// <c>HELP</c> text. prometheus-net writes the exposition.
/// </summary>
/// <remarks>
/// prometheus-net's own <see cref="MeterAdapter"/> is not used for these meters: it exports every .NET
/// counter as a gauge (no <c>_total</c>, so <c>rate()</c> cannot see resets), prefixes the meter's name
/// (<c>paperbot_paperbot_...</c>), drops the unit from the name, and unpublishes a series after 5 minutes
/// without a measurement, so a counter of daily digest posts would vanish between digests.
/// </remarks>
internal sealed class MeterBridge : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly IMetricFactory factory;
    private readonly ConcurrentDictionary<Instrument, Sink?> sinks = new();

    public MeterBridge(CollectorRegistry registry, Func<Meter, bool> wanted)
    {
        factory = Metrics.WithCustomRegistry(registry);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (wanted(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));

        // Observable instruments report when asked: ask just before every scrape.
        registry.AddBeforeCollectCallback(listener.RecordObservableInstruments);
        listener.Start();
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        sinks.GetOrAdd(instrument, CreateSink)?.Record(value, tags);
    }

    private Sink? CreateSink(Instrument instrument)
    {
        var name = PrometheusName(instrument.Name);
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        return instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> =>
                new Sink(labels => factory.CreateCounter(WithSuffix(name, "total"), help, labels), (c, labels, v) => ((Counter)c).WithLabels(labels).Inc(v)),
            ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> =>
                new Sink(labels => factory.CreateCounter(WithSuffix(name, "total"), help, labels), (c, labels, v) => ((Counter)c).WithLabels(labels).IncTo(v)),
            Histogram<long> or Histogram<int> or Histogram<double> =>
                new Sink(labels => factory.CreateHistogram(WithSuffix(name, UnitSuffix(instrument.Unit)), help, labels), (h, labels, v) => ((Histogram)h).WithLabels(labels).Observe(v)),
            UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> =>
                new Sink(labels => factory.CreateGauge(WithSuffix(name, UnitSuffix(instrument.Unit)), help, labels), (g, labels, v) => ((Gauge)g).WithLabels(labels).Inc(v)),
            ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double>
                or ObservableUpDownCounter<long> or ObservableUpDownCounter<int> or ObservableUpDownCounter<double> =>
                new Sink(labels => factory.CreateGauge(WithSuffix(name, UnitSuffix(instrument.Unit)), help, labels), (g, labels, v) => ((Gauge)g).WithLabels(labels).Set(v)),
            _ => null,
        };
    }

    /// <summary>Prometheus' base-unit words for the UCUM units .NET instruments use; other units are left out of the name.</summary>
    private static string? UnitSuffix(string? unit) => unit switch
    {
        "s" => "seconds",
        "By" => "bytes",
        "1" or null or "" => null,
        _ when unit.StartsWith('{') => null,
        _ => PrometheusName(unit),
    };

    private static string WithSuffix(string name, string? suffix) =>
        suffix is null || name.EndsWith("_" + suffix, StringComparison.Ordinal) ? name : name + "_" + suffix;

    private static string PrometheusName(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) ? char.ToLowerInvariant(source[i]) : '_';
            }
        });

    /// <summary>One instrument's collector; its label names are the tag keys of its first measurement, sorted.</summary>
    private sealed class Sink(Func<string[], Collector> create, Action<Collector, string[], double> apply)
    {
        private readonly Lock gate = new();
        private string[]? labelNames;
        private Collector? collector;

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (gate)
            {
                if (collector is null)
                {
                    var names = new string[tags.Length];
                    for (var i = 0; i < tags.Length; i++)
                    {
                        names[i] = tags[i].Key;
                    }

                    Array.Sort(names, StringComparer.Ordinal);
                    labelNames = names;
                    collector = create([.. names.Select(PrometheusName)]);
                }

                var values = new string[labelNames!.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = string.Empty;
                    foreach (var tag in tags)
                    {
                        if (tag.Key == labelNames[i])
                        {
                            values[i] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
                        }
                    }
                }

                apply(collector, values, value);
            }
        }
    }
}
