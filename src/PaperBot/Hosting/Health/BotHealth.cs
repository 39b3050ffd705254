using System.Globalization;

namespace PaperBot.Hosting.Health;

/// <summary>How one ingestion source last fared, from app_state (<c>ingest.{source}.*</c>).</summary>
public sealed record IngestionState(string Source, bool LastRunFailed, string? LastResult, DateTimeOffset? LastSuccess);

/// <summary>The verdict: healthy or not, and why, on one line.</summary>
public sealed record HealthVerdict(bool Healthy, string Reason);

/// <summary>The rules of <c>paperbot health</c>, as a pure function of what it read and the time.</summary>
public static class BotHealth
{
    public static HealthVerdict Evaluate(
        string? databaseError,
        BotStatus? status,
        IReadOnlyList<IngestionState> ingestion,
        DateTimeOffset now,
        HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentNullException.ThrowIfNull(options);
        if (databaseError is not null)
        {
            return Unhealthy($"database unreadable: {databaseError}");
        }

        if (status is null)
        {
            // Nothing to say about a gateway that is not running here (e.g. the verb run on a workstation).
            return new HealthVerdict(true, "healthy: database answers; no bot status file (no bot runs on this database)");
        }

        var age = now - status.WrittenAt;
        if (age > options.StatusStaleAfter)
        {
            return Unhealthy($"bot status not updated for {Span(age)} (more than {Span(options.StatusStaleAfter)}): the bot is stuck or not running");
        }

        if (!status.GatewayConnected)
        {
            var down = now - status.GatewaySince;
            if (down > options.GatewayGracePeriod)
            {
                return Unhealthy($"{Shards(status, "not connected")} for {Span(down)} (grace period {Span(options.GatewayGracePeriod)})");
            }
        }

        foreach (var source in ingestion.Where(s => s.LastRunFailed))
        {
            // Never succeeded: count from this bot's start, not from the epoch.
            var failing = now - (source.LastSuccess ?? status.StartedAt);
            if (failing > options.IngestionFailureLimit)
            {
                return Unhealthy($"ingestion from {source.Source} failing for {Span(failing)} (limit {Span(options.IngestionFailureLimit)}): {source.LastResult}");
            }
        }

        var gateway = status.GatewayConnected ? Shards(status, "connected") : $"{Shards(status, "connecting")} for {Span(now - status.GatewaySince)}";
        var failingNow = ingestion.Where(s => s.LastRunFailed).Select(s => s.Source).ToList();
        var ingest = failingNow.Count == 0 ? "ingestion ok" : $"ingestion failing briefly ({string.Join(", ", failingNow)})";
        return new HealthVerdict(true, $"healthy: database answers, {gateway}, {ingest}");
    }

    /// <summary>"gateway connected (shards 4/4 ready)"; a status file of an older bot has no counts.</summary>
    private static string Shards(BotStatus status, string state) =>
        status.ShardsTotal == 0
            ? $"gateway {state}"
            : string.Create(CultureInfo.InvariantCulture, $"gateway {state} (shards {status.ShardsReady}/{status.ShardsTotal} ready)");

    private static HealthVerdict Unhealthy(string reason) =>
        new(false, reason.ReplaceLineEndings(" "));

    private static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:D2}m")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:D2}s")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");
    }
}
