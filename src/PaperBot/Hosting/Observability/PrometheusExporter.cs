using System.Diagnostics.Metrics;
using PaperBot.Discord.RateLimits;
using PaperBot.Observability;
using Prometheus;

namespace PaperBot.Hosting.Observability;

/// <summary>
/// This process's Prometheus registry (prometheus-net): the <c>PaperBot</c> meter and the Discord REST
/// client's meter through <see cref="MeterBridge"/>, process and GC figures (<see cref="DotNetStats"/>) and
/// the runtime's own <c>System.Runtime</c> meter (<see cref="MeterAdapter"/>).
/// </summary>
/// <remarks>
/// Two traps made an earlier <see cref="MeterAdapter"/> attempt show process metrics alone. prometheus-net's
/// default registry starts its adapters only at the first scrape, and a <see cref="MeterListener"/> sees only
/// measurements made after it starts, so every command and post before that scrape was gone; this exporter is
/// created before any hosted service starts. And an adapter given a custom <c>Registry</c> still creates its
/// series through <c>MeterAdapterOptions.MetricFactory</c>, which defaults to the static default registry's
/// factory: the custom registry showed the adapter's own gauge and nothing else. A registry of its own per
/// host also keeps side-by-side hosts (tests) from counting each other's work.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterBridge bridge;
    private readonly IDisposable runtime;

    public PrometheusExporter(PaperBotMetrics metrics, DiscordRestMetrics? rest = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        runtime = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,

            // Registry alone is not enough: the series are created by MetricFactory, which defaults to
            // Metrics.DefaultFactory, the static default registry, and would never show on this one.
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == "System.Runtime",
        });
        bridge = new MeterBridge(Registry, meter => ReferenceEquals(meter, metrics.Meter) || (rest is not null && ReferenceEquals(meter, rest.Meter)));
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Writes every metric in Prometheus' text format (observable instruments are read now).</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    public void Dispose()
    {
        bridge.Dispose();
        runtime.Dispose();
    }
}
