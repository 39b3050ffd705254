namespace PaperBot.Discord.Models;

[Flags]
public enum MessageFlags
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    Ephemeral = 1 << 6,
    SuppressNotifications = 1 << 12,
}

public sealed record Message
{
    public ulong Id { get; init; }

    public ulong ChannelId { get; init; }

    public ulong? GuildId { get; init; }

    public User? Author { get; init; }

    public string? Content { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public DateTimeOffset? EditedTimestamp { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public MessageFlags? Flags { get; init; }

    public ulong? WebhookId { get; init; }

    public MessageReference? MessageReference { get; init; }

    public MessageInteractionMetadata? InteractionMetadata { get; init; }
}

public sealed record Attachment
{
    public ulong Id { get; init; }

    public string Filename { get; init; } = "";

    public string? Description { get; init; }

    public string? ContentType { get; init; }

    public long? Size { get; init; }

    public string? Url { get; init; }
}

public sealed record MessageReference
{
    public ulong? MessageId { get; init; }

    public ulong? ChannelId { get; init; }

    public ulong? GuildId { get; init; }

    /// <summary>False lets a reply go through when the referenced message is gone.</summary>
    public bool? FailIfNotExists { get; init; }
}

/// <summary>On a message created by an interaction: who triggered it.</summary>
public sealed record MessageInteractionMetadata
{
    public ulong Id { get; init; }

    public InteractionType Type { get; init; }

    public User? User { get; init; }

    public ulong? OriginalResponseMessageId { get; init; }

    public ulong? InteractedMessageId { get; init; }
}

/// <summary>
/// Who a message may ping. PaperBot sends <see cref="None"/> on every message: paper titles and user
/// queries must never mention anyone.
/// </summary>
public sealed record AllowedMentions
{
    public static AllowedMentions None { get; } = new() { Parse = [] };

    /// <summary>"roles", "users", "everyone"; an empty list allows nothing.</summary>
    public IReadOnlyList<string> Parse { get; init; } = [];

    public IReadOnlyList<ulong>? Roles { get; init; }

    public IReadOnlyList<ulong>? Users { get; init; }

    public bool? RepliedUser { get; init; }
}
