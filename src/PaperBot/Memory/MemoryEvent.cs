namespace PaperBot.Memory;

/// <summary>What happened to a paper in a server; the values of <c>server_memory.kind</c>.</summary>
public static class MemoryKinds
{
    /// <summary>A member's message linked it, in a channel with link cards on.</summary>
    public const string Linked = "linked";

    /// <summary>PaperBot showed its card (a link card, <c>Paper cards</c>, <c>/paper show</c>).</summary>
    public const string Card = "card";

    /// <summary>A member saved it to their library.</summary>
    public const string Saved = "saved";

    /// <summary>A digest posted it.</summary>
    public const string Digest = "digest";

    /// <summary>A member's public <c>/paper search</c> answer listed it (its first page).</summary>
    public const string Searched = "searched";

    /// <summary>A journal club session on it was held (<c>/club done</c>); the message is its announcement.</summary>
    public const string Club = "club";
}

/// <summary>One thing to remember: which paper, where (the message to jump to, when there is one), who, what.</summary>
public sealed record MemoryEvent
{
    public required ulong GuildId { get; init; }

    public required ulong ChannelId { get; init; }

    public required string PaperId { get; init; }

    public required string Kind { get; init; }

    public ulong? MessageId { get; init; }

    /// <summary>The member; null for what the bot did on its own.</summary>
    public ulong? UserId { get; init; }
}

/// <summary>A message to jump to.</summary>
public sealed record MemoryMessage(ulong GuildId, ulong ChannelId, ulong MessageId, DateTimeOffset At)
{
    public Uri JumpUrl => new($"https://discord.com/channels/{GuildId}/{ChannelId}/{MessageId}");
}

/// <summary>What one server remembers of one paper.</summary>
public sealed record PaperMemory(
    string PaperId,
    int Mentions,
    IReadOnlyList<ulong> Channels,
    int SavedBy,
    DateTimeOffset? Last,
    IReadOnlyList<MemoryMessage> Recent)
{
    public bool IsEmpty => Mentions == 0 && SavedBy == 0;
}
