namespace PaperBot.Discord.Models;

/// <summary>Response of GET /gateway/bot.</summary>
public sealed record GatewayBot
{
    public string Url { get; init; } = "";

    public int Shards { get; init; } = 1;

    public SessionStartLimit? SessionStartLimit { get; init; }
}

public sealed record SessionStartLimit
{
    public int Total { get; init; }

    public int Remaining { get; init; }

    /// <summary>Milliseconds until the limit resets.</summary>
    public long ResetAfter { get; init; }

    public int MaxConcurrency { get; init; } = 1;
}
