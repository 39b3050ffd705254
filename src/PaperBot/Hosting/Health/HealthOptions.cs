namespace PaperBot.Hosting.Health;

/// <summary>Settings of the <c>Health</c> section: when <c>paperbot health</c> calls a running bot unhealthy.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>How long the gateway may be connecting (at start, or after a drop) before the bot is unhealthy.</summary>
    public TimeSpan GatewayGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a source's ingestion may keep failing (since its last success) before the bot is unhealthy.</summary>
    public TimeSpan IngestionFailureLimit { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often the bot rewrites its status file; a file older than four times this means no bot is writing it.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan StatusStaleAfter => StatusInterval * 4;
}
