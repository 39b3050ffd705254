namespace PaperBot.Discord.Models;

/// <summary>
/// Body of POST /channels/{channel.id}/messages/{message.id}/threads (Start Thread from Message). The thread
/// gets the message's id, so a message can have only one thread.
/// </summary>
public sealed record StartThreadFromMessage
{
    /// <summary>1-100 characters.</summary>
    public required string Name { get; init; }

    /// <summary>Minutes of inactivity before Discord archives the thread: 60, 1440, 4320 or 10080.</summary>
    public int? AutoArchiveDuration { get; init; }

    /// <summary>Slow mode in seconds (0-21600).</summary>
    public int? RateLimitPerUser { get; init; }
}

/// <summary>Body of PATCH /channels/{channel.id} for a thread (Modify Channel); only the fields set are changed.</summary>
public sealed record ModifyThread
{
    public string? Name { get; init; }

    /// <summary>An archived thread takes no new messages until it is unarchived.</summary>
    public bool? Archived { get; init; }

    public int? AutoArchiveDuration { get; init; }

    /// <summary>Only members with Manage Threads can unarchive a locked thread.</summary>
    public bool? Locked { get; init; }
}

/// <summary>The thread-only part of a channel object.</summary>
public sealed record ThreadMetadata
{
    public bool Archived { get; init; }

    public int AutoArchiveDuration { get; init; }

    public DateTimeOffset? ArchiveTimestamp { get; init; }

    public bool Locked { get; init; }
}
