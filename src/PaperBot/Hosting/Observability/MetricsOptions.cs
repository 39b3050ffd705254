namespace PaperBot.Hosting.Observability;

/// <summary>Settings of the <c>Metrics</c> section: the optional Prometheus <c>/metrics</c> and <c>/health</c> endpoint.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>TCP port of the endpoint; 0 (the default) turns it off.</summary>
    public int Port { get; set; }

    /// <summary>Loopback by default; <c>0.0.0.0</c> inside a container so the orchestrator can scrape it.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";
}
