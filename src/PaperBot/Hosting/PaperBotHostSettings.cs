namespace PaperBot.Hosting;

public enum PaperBotHostMode
{
    /// <summary>A short-lived CLI verb: quiet logs, no background services.</summary>
    Cli,

    /// <summary>The long-running bot or the local shell.</summary>
    Bot,
}

/// <summary>What the command line contributes to the host: it overrides files and environment variables.</summary>
public sealed record PaperBotHostSettings
{
    public const string DatabasePathKey = "Storage:DatabasePath";

    public PaperBotHostMode Mode { get; init; } = PaperBotHostMode.Cli;

    /// <summary>From <c>--db</c>; relative paths are taken from <see cref="WorkingDirectory"/>.</summary>
    public string? DatabasePath { get; init; }

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Extra configuration keys that win over every other source (tests use it for short intervals).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();
}
