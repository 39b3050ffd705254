using System.Text.Json;

namespace PaperBot.Discord.Models;

public enum ApplicationCommandType
{
    ChatInput = 1,
    User = 2,
    Message = 3,
}

public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

public enum InteractionContextType
{
    Guild = 0,
    BotDm = 1,
    PrivateChannel = 2,
}

public enum ApplicationIntegrationType
{
    GuildInstall = 0,
    UserInstall = 1,
}

/// <summary>A command definition for bulk overwrite, and what Discord returns (then with ids).</summary>
public sealed record ApplicationCommand
{
    public ulong? Id { get; init; }

    public ulong? ApplicationId { get; init; }

    public ulong? GuildId { get; init; }

    public ApplicationCommandType? Type { get; init; } = ApplicationCommandType.ChatInput;

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>Permission bits a member needs by default, e.g. ManageChannels; "0" hides the command from everyone but admins.</summary>
    public Permissions? DefaultMemberPermissions { get; init; }

    public IReadOnlyList<InteractionContextType>? Contexts { get; init; }

    public IReadOnlyList<ApplicationIntegrationType>? IntegrationTypes { get; init; }

    public bool? Nsfw { get; init; }

    public ulong? Version { get; init; }
}

public sealed record ApplicationCommandOption
{
    public ApplicationCommandOptionType Type { get; init; }

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public bool? Required { get; init; }

    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    public bool? Autocomplete { get; init; }

    public double? MinValue { get; init; }

    public double? MaxValue { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public IReadOnlyList<ChannelType>? ChannelTypes { get; init; }

    /// <summary>Nested options of a subcommand or subcommand group.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
}

/// <summary>A fixed choice of an option, or an autocomplete suggestion.</summary>
public sealed record ApplicationCommandOptionChoice
{
    public string Name { get; init; } = "";

    /// <summary>A string, integer or number, matching the option type.</summary>
    public JsonElement Value { get; init; }

    public static ApplicationCommandOptionChoice String(string name, string value)
        => new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.String) };

    public static ApplicationCommandOptionChoice Integer(string name, long value)
        => new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Int64) };

    public static ApplicationCommandOptionChoice Number(string name, double value)
        => new() { Name = name, Value = JsonSerializer.SerializeToElement(value, DiscordJsonContext.Default.Double) };
}
