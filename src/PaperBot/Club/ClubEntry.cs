namespace PaperBot.Club;

/// <summary>A paper in a channel's reading queue (<c>club_queue</c>); scheduled once it has a session date.</summary>
public sealed record ClubEntry
{
    public required ulong ChannelId { get; init; }

    /// <summary>Normalized arXiv id.</summary>
    public required string PaperId { get; init; }

    public required ulong GuildId { get; init; }

    public string? Note { get; init; }

    public required ulong AddedBy { get; init; }

    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>The session's local date in the channel's time zone; null while only queued.</summary>
    public DateOnly? SessionDate { get; init; }

    public ulong? PresenterId { get; init; }

    public ulong? AnnouncementId { get; init; }

    /// <summary>The discussion thread; Discord gives it the announcement's id.</summary>
    public ulong? ThreadId { get; init; }

    /// <summary>When the reminder is owed; null when none is (the session was too close to remind).</summary>
    public DateTimeOffset? ReminderDue { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    public bool IsScheduled => SessionDate is not null;
}

/// <summary>A session held (<c>club_sessions</c>): what <c>/club done</c> records.</summary>
public sealed record ClubSession
{
    public required long SessionId { get; init; }

    public required ulong GuildId { get; init; }

    public required ulong ChannelId { get; init; }

    public required string PaperId { get; init; }

    public DateOnly? SessionDate { get; init; }

    public ulong? PresenterId { get; init; }

    public ulong? ThreadId { get; init; }

    public string? Note { get; init; }

    public required ulong DoneBy { get; init; }

    public required DateTimeOffset DoneAt { get; init; }
}
