using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>
/// Who is typing in the shell: one fixed local user, in a local server and channel where they hold every
/// permission (so <c>/digest subscribe</c> is allowed). The ids are fixed so the library persists between runs.
/// </summary>
internal static class ShellIdentity
{
    public const ulong UserId = 900_000_000_000_000_001;

    public const ulong GuildId = 900_000_000_000_000_002;

    public const ulong ChannelId = 900_000_000_000_000_003;

    public const ulong BotId = 900_000_000_000_000_004;

    public const ulong ApplicationId = BotId;

    public static Permissions AllPermissions { get; } = Enum.GetValues<Permissions>().Aggregate(Permissions.None, (all, p) => all | p);

    public static User User { get; } = new() { Id = UserId, Username = LocalName() };

    public static User Bot { get; } = new() { Id = BotId, Username = "PaperBot", Bot = true };

    public static GuildMember Member { get; } = new() { User = User, Permissions = AllPermissions };

    private static string LocalName() =>
        string.IsNullOrWhiteSpace(Environment.UserName) ? "you" : Environment.UserName;
}
