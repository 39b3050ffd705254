namespace PaperBot.Discord;

/// <summary>Settings of the <c>Discord</c> configuration section.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>The bot token. Never logged, never echoed.</summary>
    public string? Token { get; set; }

    public Uri RestBaseUrl { get; set; } = new("https://discord.com/api/v10");
}
