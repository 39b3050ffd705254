namespace PaperBot.Discord.Limits;

/// <summary>A payload breaks one of Discord's limits; thrown before anything is sent.</summary>
public sealed class DiscordPayloadException : Exception
{
    public DiscordPayloadException()
    {
        Field = "";
    }

    public DiscordPayloadException(string message)
        : base(message)
    {
        Field = "";
    }

    public DiscordPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    public DiscordPayloadException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>Path of the offending field, e.g. <c>embeds[0].fields[3].value</c>.</summary>
    public string Field { get; }
}
