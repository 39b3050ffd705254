using System.Text.Json;

namespace PaperBot.Discord.Models;

public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

public sealed record Interaction
{
    /// <summary>Discord: an interaction's token (callback, followups, @original) is valid for 15 minutes.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    private const long DiscordEpochMs = 1_420_070_400_000;

    public ulong Id { get; init; }

    /// <summary>When Discord created the interaction: the timestamp in its snowflake id.</summary>
    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds((long)(Id >> 22) + DiscordEpochMs);

    /// <summary>True once the token is past its 15 minutes: Discord refuses any answer, so none should be tried.</summary>
    public bool IsExpired(DateTimeOffset now) => now - CreatedAt >= TokenLifetime;

    public ulong ApplicationId { get; init; }

    public InteractionType Type { get; init; }

    /// <summary>Shape depends on <see cref="Type"/>: read it with <see cref="GetCommandData"/> or <see cref="GetComponentData"/>.</summary>
    public JsonElement? Data { get; init; }

    public ulong? GuildId { get; init; }

    public Channel? Channel { get; init; }

    public ulong? ChannelId { get; init; }

    /// <summary>Set in guilds; <see cref="User"/> is set in DMs.</summary>
    public GuildMember? Member { get; init; }

    public User? User { get; init; }

    /// <summary>Valid for 15 minutes; a secret: never log it.</summary>
    public string Token { get; init; } = "";

    public int Version { get; init; }

    /// <summary>For component interactions: the message the component is on.</summary>
    public Message? Message { get; init; }

    /// <summary>The bot's permissions in the channel.</summary>
    public Permissions? AppPermissions { get; init; }

    public string? Locale { get; init; }

    public string? GuildLocale { get; init; }

    /// <summary>The invoking user, in a guild or in a DM.</summary>
    public User? InvokingUser => Member?.User ?? User;

    /// <summary>The data of a slash command or autocomplete interaction.</summary>
    public ApplicationCommandInteractionData GetCommandData()
    {
        if (Type is not (InteractionType.ApplicationCommand or InteractionType.ApplicationCommandAutocomplete) || Data is not { } data)
        {
            throw new InvalidOperationException($"Interaction of type {Type} carries no application command data.");
        }

        return data.Deserialize(DiscordJsonContext.Default.ApplicationCommandInteractionData)
            ?? throw new JsonException("Interaction data is null.");
    }

    /// <summary>The data of a button, select or modal interaction.</summary>
    public MessageComponentInteractionData GetComponentData()
    {
        if (Type is not (InteractionType.MessageComponent or InteractionType.ModalSubmit) || Data is not { } data)
        {
            throw new InvalidOperationException($"Interaction of type {Type} carries no component data.");
        }

        return data.Deserialize(DiscordJsonContext.Default.MessageComponentInteractionData)
            ?? throw new JsonException("Interaction data is null.");
    }
}

public sealed record MessageComponentInteractionData
{
    public string CustomId { get; init; } = "";

    public ComponentType ComponentType { get; init; }

    /// <summary>Selected values of a select menu.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>For modal submits: the rows of text inputs with their values.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}
