using System.Text.Json;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// A dispatch (op 0) from the gateway. <see cref="Sequence"/> is Discord's <c>s</c>; it restarts at 1 with each
/// new session, and the client has already dropped replays, so handlers need not deduplicate.
/// </summary>
public abstract record GatewayEvent(string Name, long? Sequence);

/// <summary>A new session started (after IDENTIFY).</summary>
public sealed record ReadyEvent(
    string SessionId,
    ulong ApplicationId,
    User BotUser,
    IReadOnlyList<ulong> GuildIds,
    long? Sequence) : GatewayEvent("READY", Sequence);

/// <summary>A RESUME succeeded; the missed events before it have been replayed.</summary>
public sealed record ResumedEvent(long? Sequence) : GatewayEvent("RESUMED", Sequence);

public sealed record GuildCreateEvent(GuildCreate Guild, long? Sequence) : GatewayEvent("GUILD_CREATE", Sequence);

public sealed record InteractionCreateEvent(Interaction Interaction, long? Sequence)
    : GatewayEvent("INTERACTION_CREATE", Sequence);

public sealed record MessageReactionAddEvent(MessageReactionAdd Reaction, long? Sequence)
    : GatewayEvent("MESSAGE_REACTION_ADD", Sequence);

public sealed record MessageReactionRemoveEvent(MessageReactionRemove Reaction, long? Sequence)
    : GatewayEvent("MESSAGE_REACTION_REMOVE", Sequence);

/// <summary>
/// A message was posted (needs the GUILD_MESSAGES intent in guilds). Its <c>content</c>, embeds and attachments
/// are empty unless the bot identified with MESSAGE_CONTENT (or is mentioned, or it is the bot's own message).
/// </summary>
public sealed record MessageCreateEvent(Message Message, long? Sequence)
    : GatewayEvent("MESSAGE_CREATE", Sequence);

/// <summary>Any dispatch PaperBot has no type for. <see cref="Data"/> is a detached copy, safe to keep.</summary>
public sealed record UnknownDispatchEvent(string EventName, JsonElement Data, long? Sequence)
    : GatewayEvent(EventName, Sequence);
