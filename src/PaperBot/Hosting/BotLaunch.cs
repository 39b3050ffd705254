namespace PaperBot.Hosting;

public enum BotRunMode
{
    /// <summary>No verb: Discord when a token is configured, otherwise the local shell.</summary>
    Auto,

    /// <summary><c>paperbot run</c>: the Discord bot.</summary>
    Discord,

    /// <summary><c>paperbot shell</c>: the local console chat.</summary>
    Shell,
}

/// <summary>What the command line hands to <see cref="BotEntryPoint"/>.</summary>
public sealed record BotLaunch(BotRunMode Mode, string? DatabasePath, TextReader Input, TextWriter Output, TextWriter Error);
