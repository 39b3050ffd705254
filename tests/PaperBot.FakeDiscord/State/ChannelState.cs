namespace PaperBot.FakeDiscord.State;

internal sealed class GuildState(ulong id, string name)
{
    public ulong Id { get; } = id;
    public string Name { get; } = name;
}

internal sealed class ChannelState(ulong id, ulong? guildId, string name)
{
    public ulong Id { get; } = id;
    public ulong? GuildId { get; } = guildId;
    public string Name { get; set; } = name;
    public bool Deleted { get; set; }
    public bool CanSend { get; set; } = true;
    public bool CanView { get; set; } = true;

    /// <summary>Threads only: the text channel the thread lives in; null for ordinary channels.</summary>
    public ulong? ParentId { get; init; }
    public ulong? OwnerId { get; init; }
    public bool IsThread => ParentId is not null;
    public bool Archived { get; set; }
    public bool Locked { get; set; }
    public int AutoArchiveDuration { get; set; } = 4320;
    public DateTimeOffset ArchiveTimestamp { get; set; }
}
