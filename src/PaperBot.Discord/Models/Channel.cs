namespace PaperBot.Discord.Models;

public enum ChannelType
{
    GuildText = 0,
    DirectMessage = 1,
    GuildVoice = 2,
    GroupDirectMessage = 3,
    GuildCategory = 4,
    GuildAnnouncement = 5,
    AnnouncementThread = 10,
    PublicThread = 11,
    PrivateThread = 12,
    GuildStageVoice = 13,
    GuildDirectory = 14,
    GuildForum = 15,
    GuildMedia = 16,
}

public sealed record Channel
{
    public ulong Id { get; init; }

    public ChannelType Type { get; init; }

    public ulong? GuildId { get; init; }

    public string? Name { get; init; }

    public string? Topic { get; init; }

    public ulong? ParentId { get; init; }

    public int? Position { get; init; }

    public bool? Nsfw { get; init; }

    /// <summary>Only inside interactions: the bot's or the member's computed permissions in this channel.</summary>
    public Permissions? Permissions { get; init; }

    /// <summary>Threads only: whether it is archived or locked, and when it archives itself.</summary>
    public ThreadMetadata? ThreadMetadata { get; init; }
}

/// <summary>The part of GUILD_CREATE PaperBot reads; everything else in the payload is ignored.</summary>
public sealed record GuildCreate
{
    public ulong Id { get; init; }

    public string? Name { get; init; }

    public bool? Unavailable { get; init; }

    public ulong? OwnerId { get; init; }

    public IReadOnlyList<Channel>? Channels { get; init; }
}
