namespace PaperBot.Discord.Models;

public enum ReactionType
{
    Normal = 0,
    Burst = 1,
}

/// <summary>MESSAGE_REACTION_ADD dispatch data.</summary>
public sealed record MessageReactionAdd
{
    public ulong UserId { get; init; }

    public ulong ChannelId { get; init; }

    public ulong MessageId { get; init; }

    public ulong? GuildId { get; init; }

    /// <summary>Set when the reaction happened in a guild.</summary>
    public GuildMember? Member { get; init; }

    public Emoji Emoji { get; init; } = new();

    public ulong? MessageAuthorId { get; init; }

    public bool? Burst { get; init; }

    public ReactionType? Type { get; init; }
}

/// <summary>MESSAGE_REACTION_REMOVE dispatch data.</summary>
public sealed record MessageReactionRemove
{
    public ulong UserId { get; init; }

    public ulong ChannelId { get; init; }

    public ulong MessageId { get; init; }

    public ulong? GuildId { get; init; }

    public Emoji Emoji { get; init; } = new();

    public bool? Burst { get; init; }

    public ReactionType? Type { get; init; }
}
