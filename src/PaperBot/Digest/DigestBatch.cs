namespace PaperBot.Digest;

public enum DigestBatchKind
{
    /// <summary>The daily batch; at most one per channel per local date.</summary>
    Scheduled = 0,

    /// <summary>Posted on request by <c>/digest now</c>.</summary>
    Manual = 1,
}

/// <summary>A batch as planned: who gets it, for which local date, and which papers in which order.</summary>
public sealed record DigestBatchPlan(
    ulong ChannelId,
    ulong GuildId,
    DateOnly LocalDate,
    DigestBatchKind Kind,
    string? Topics,
    DateTimeOffset Since,
    DateTimeOffset PlannedAt,
    IReadOnlyList<string> PaperIds,
    IReadOnlyDictionary<string, string>? Reasons = null);

/// <summary>A row of <c>digest_batches</c>.</summary>
public sealed record DigestBatch(
    long BatchId,
    ulong ChannelId,
    ulong GuildId,
    DateOnly LocalDate,
    DigestBatchKind Kind,
    string? Topics,
    DateTimeOffset Since,
    DateTimeOffset PlannedAt,
    DateTimeOffset? CompletedAt);

/// <summary>One planned message of a batch; position 0 is the header, papers follow from 1. <see cref="Reason"/> says why a paper was chosen, when there is more to say than its topics.</summary>
public sealed record DigestLedgerEntry(
    long BatchId,
    int Position,
    ulong ChannelId,
    string? PaperId,
    ulong? MessageId,
    DateTimeOffset? SentAt,
    DateTimeOffset? ReactedAt,
    string? Reason = null)
{
    public bool IsSent => MessageId is not null;

    public bool IsHeader => PaperId is null;
}
