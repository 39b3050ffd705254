namespace PaperBot.Digest;

/// <summary>One channel's digest subscription, as stored in <c>digest_subscriptions</c>.</summary>
public sealed record DigestSubscription
{
    public const int MinMax = 1;
    public const int MaxMax = 20;
    public const int DefaultMax = 5;

    public static TimeOnly DefaultTime { get; } = new(9, 0);

    public const string DefaultTimeZone = "UTC";

    public required ulong ChannelId { get; init; }

    public required ulong GuildId { get; init; }

    /// <summary>A SearchQuery text; null or empty takes every new paper.</summary>
    public string? Topics { get; init; }

    /// <summary>Local posting time in <see cref="TimeZoneId"/>.</summary>
    public TimeOnly Time { get; init; } = DefaultTime;

    /// <summary>IANA time zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZoneId { get; init; } = DefaultTimeZone;

    public int Max { get; init; } = DefaultMax;

    /// <summary>Topic order, or closeness to what members saved from this channel's posts.</summary>
    public DigestLike Like { get; init; } = DigestLike.Topics;

    public DigestDays Days { get; init; } = DigestDays.Weekdays;

    /// <summary>When the subscription was created or last changed; no batch is owed for a posting time before it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Local date of the last scheduled batch (planned, whether or not fully sent yet).</summary>
    public DateOnly? LastBatchDate { get; init; }

    /// <summary>Set when posting failed for a reason only a human can fix (channel deleted, permission missing).</summary>
    public string? PausedReason { get; init; }

    public DateTimeOffset? PausedAt { get; init; }

    public bool IsPaused => PausedReason is not null;
}
