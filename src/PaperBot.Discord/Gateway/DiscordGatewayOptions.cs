using System.ComponentModel.DataAnnotations;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Timings of the gateway client (section <c>Discord:Gateway</c>). Token, intents and shard come from
/// <see cref="DiscordOptions"/>; these exist so tests can shorten Discord's waits.
/// </summary>
public sealed class DiscordGatewayOptions
{
    public const string SectionName = "Discord:Gateway";

    /// <summary>Discord asks for a random wait of 1-5 s after a non-resumable Invalid Session.</summary>
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay after a failed connection; doubles per consecutive failure, with jitter.</summary>
    public TimeSpan ReconnectBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Discord allows one IDENTIFY per 5 s in each max_concurrency bucket.</summary>
    public TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A connection that sends no HELLO within this time is dropped and retried.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for our close frame to go out before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Discord allows 120 gateway sends per 60 s per connection.</summary>
    [Range(10, 10_000)]
    public int MaxSendsPerWindow { get; set; } = 120;

    public TimeSpan SendWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound for one inbound message; GUILD_CREATE of a large guild runs to megabytes.</summary>
    [Range(4096, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;
}
