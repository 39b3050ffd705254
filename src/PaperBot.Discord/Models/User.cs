namespace PaperBot.Discord.Models;

public sealed record User
{
    public ulong Id { get; init; }

    public string Username { get; init; } = "";

    public string? Discriminator { get; init; }

    public string? GlobalName { get; init; }

    public string? Avatar { get; init; }

    public bool? Bot { get; init; }

    /// <summary>The name to show: the display name when set, else the username.</summary>
    public string DisplayName => string.IsNullOrEmpty(GlobalName) ? Username : GlobalName;
}

public sealed record GuildMember
{
    public User? User { get; init; }

    public string? Nick { get; init; }

    public IReadOnlyList<ulong>? Roles { get; init; }

    public DateTimeOffset? JoinedAt { get; init; }

    /// <summary>Only sent inside interactions: the member's total permissions in the channel, overwrites included.</summary>
    public Permissions? Permissions { get; init; }
}
