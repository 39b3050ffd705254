using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// Messages a command posts in a channel or thread besides its answer (an announcement, a thread for the
/// discussion). Reached through <see cref="InteractionContext.Channels"/>: on Discord it is the REST client, in
/// the shell it prints. Every message must carry allowed_mentions that parse nothing; at most it names the users
/// it may ping (<see cref="AllowedMentions.Users"/>), never roles or @everyone.
/// </summary>
public interface IChannelMessenger
{
    Task<Message> PostAsync(ulong channelId, MessageCreate message, CancellationToken cancellationToken);

    /// <summary>Starts a thread on a message; the thread's id is the message's.</summary>
    Task<Channel> StartThreadAsync(ulong channelId, ulong messageId, StartThreadFromMessage thread, CancellationToken cancellationToken);

    Task ArchiveThreadAsync(ulong threadId, CancellationToken cancellationToken);
}

/// <summary>The one mention rule for messages posted outside an interaction's answer.</summary>
public static class ChannelMentions
{
    /// <summary>Throws unless the message parses no mentions and allows no roles; named users are allowed.</summary>
    public static void Check(MessageCreate message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.AllowedMentions is not { } allowed || allowed.Parse.Count > 0 || allowed.Roles is { Count: > 0 })
        {
            throw new InvalidOperationException("A posted message must carry allowed_mentions that parse nothing and allow no roles.");
        }
    }

    /// <summary>Allows exactly one user to be pinged, e.g. the presenter of a session.</summary>
    public static AllowedMentions OnlyUser(ulong userId) => new() { Parse = [], Users = [userId] };
}
