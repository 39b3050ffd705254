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
    public string Name { get; } = name;
    public bool Deleted { get; set; }
    public bool CanSend { get; set; } = true;
    public bool CanView { get; set; } = true;
}
