using PaperBot.Discord.Models;

namespace PaperBot.Digest;

/// <summary>Who ran a <c>/digest</c> command, where, and with which permissions in that channel.</summary>
public sealed record DigestCaller(ulong GuildId, ulong ChannelId, ulong UserId, Permissions Permissions)
{
    /// <summary>Changing a channel's digest takes Manage Channels (Administrator grants it).</summary>
    public bool MayManage => Permissions.Grants(Discord.Models.Permissions.ManageChannels);
}

/// <summary>The options of <c>/digest subscribe</c> as typed; null means "not given" (keep the current value).</summary>
public sealed record DigestSubscribeArgs(string? Topics = null, string? Time = null, string? TimeZone = null, long? Max = null, string? Days = null, string? Like = null);
