using System.Diagnostics;
using System.Diagnostics.Metrics;
using PaperBot.Discord.Gateway;

namespace PaperBot.Observability;

/// <summary>
/// The application's instruments (meter <c>PaperBot</c>). Features call the one-line methods; the Discord
/// client's own counters are read through observable instruments so that project stays free of this one.
/// </summary>
public sealed class PaperBotMetrics : IDisposable
{
    public const string MeterName = "PaperBot";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> commands;
    private readonly Histogram<double> commandLatency;
    private readonly Counter<long> digestPostsSent;
    private readonly Counter<long> digestPostsFailed;
    private readonly Counter<long> papersIngested;

    public PaperBotMetrics(Func<GatewayCounters?>? gateway = null)
    {
        commands = meter.CreateCounter<long>("paperbot.commands.handled", description: "Slash commands, buttons and autocompletes handled");
        commandLatency = meter.CreateHistogram<double>("paperbot.command.duration", unit: "s", description: "Time from interaction to callback");
        digestPostsSent = meter.CreateCounter<long>("paperbot.digest.posts.sent", description: "Digest messages posted");
        digestPostsFailed = meter.CreateCounter<long>("paperbot.digest.posts.failed", description: "Digest messages that failed to post");
        papersIngested = meter.CreateCounter<long>("paperbot.papers.ingested", description: "Papers stored by ingestion, per source");
        if (gateway is not null)
        {
            meter.CreateObservableCounter("paperbot.gateway.reconnects", () => gateway()?.Reconnects ?? 0, description: "Gateway reconnections");
            meter.CreateObservableCounter("paperbot.gateway.resumes", () => gateway()?.Resumes ?? 0, description: "Gateway sessions resumed");
        }
    }

    internal Meter Meter => meter;

    public void CommandHandled(string command, TimeSpan elapsed, bool succeeded)
    {
        var tags = new TagList { { "command", command }, { "outcome", succeeded ? "ok" : "error" } };
        commands.Add(1, tags);
        commandLatency.Record(elapsed.TotalSeconds, tags);
    }

    public void DigestPostSent() => digestPostsSent.Add(1);

    public void DigestPostFailed() => digestPostsFailed.Add(1);

    public void PapersIngested(string source, long count) =>
        papersIngested.Add(count, new KeyValuePair<string, object?>("source", source));

    public void Dispose() => meter.Dispose();
}
