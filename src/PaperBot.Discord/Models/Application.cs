namespace PaperBot.Discord.Models;

/// <summary>The bot's own application (<c>GET /applications/@me</c>): the commands are registered under its id.</summary>
public sealed record Application
{
    public ulong Id { get; init; }

    public string Name { get; init; } = "";
}
