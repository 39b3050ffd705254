using System.Globalization;
using System.Text.Json;

namespace PaperBot.Discord.Models;

public sealed record ApplicationCommandInteractionData
{
    public ulong Id { get; init; }

    public string Name { get; init; } = "";

    public ApplicationCommandType Type { get; init; } = ApplicationCommandType.ChatInput;

    public IReadOnlyList<ApplicationCommandInteractionDataOption>? Options { get; init; }

    public ulong? GuildId { get; init; }

    /// <summary>For user and message commands: the id of the user or message the command was used on.</summary>
    public ulong? TargetId { get; init; }

    /// <summary>Users, messages, ... the command refers to, keyed by id; a message command's target is in <see cref="ResolvedData.Messages"/>.</summary>
    public ResolvedData? Resolved { get; init; }

    /// <summary>A message command's target message, from <see cref="Resolved"/>.</summary>
    public Message? TargetMessage() =>
        TargetId is { } id && Resolved?.Messages is { } messages
            && messages.TryGetValue(id.ToString(System.Globalization.CultureInfo.InvariantCulture), out var message)
            ? message
            : null;

    /// <summary>
    /// Walks into a subcommand group and/or subcommand: returns their names (null when absent) and the
    /// options of the innermost level, which is where the command's values live.
    /// </summary>
    public (string? Group, string? Subcommand, IReadOnlyList<ApplicationCommandInteractionDataOption> Options) Resolve()
    {
        string? group = null;
        string? subcommand = null;
        var options = Options ?? [];
        if (options is [{ Type: ApplicationCommandOptionType.SubCommandGroup } g])
        {
            group = g.Name;
            options = g.Options ?? [];
        }

        if (options is [{ Type: ApplicationCommandOptionType.SubCommand } s])
        {
            subcommand = s.Name;
            options = s.Options ?? [];
        }

        return (group, subcommand, options);
    }

    /// <summary>The option the user is typing into, for autocomplete, searched at every level.</summary>
    public ApplicationCommandInteractionDataOption? FindFocused() => FindFocused(Options);

    private static ApplicationCommandInteractionDataOption? FindFocused(IReadOnlyList<ApplicationCommandInteractionDataOption>? options)
    {
        foreach (var option in options ?? [])
        {
            if (option.Focused == true)
            {
                return option;
            }

            if (FindFocused(option.Options) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }
}

public sealed record ApplicationCommandInteractionDataOption
{
    public string Name { get; init; } = "";

    public ApplicationCommandOptionType Type { get; init; }

    /// <summary>String, integer, number or boolean depending on <see cref="Type"/>; snowflakes arrive as strings.</summary>
    public JsonElement? Value { get; init; }

    public IReadOnlyList<ApplicationCommandInteractionDataOption>? Options { get; init; }

    /// <summary>True on the option being typed into during autocomplete (its value may be partial or invalid).</summary>
    public bool? Focused { get; init; }

    public string? GetString() => Value is { } v
        ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
        : null;

    public long? GetInt64() => Value switch
    {
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) => n,
        { ValueKind: JsonValueKind.String } v when long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    public double? GetDouble() => Value switch
    {
        { ValueKind: JsonValueKind.Number } v => v.GetDouble(),
        { ValueKind: JsonValueKind.String } v when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public bool? GetBoolean() => Value switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>For user, channel, role and mentionable options.</summary>
    public ulong? GetSnowflake() => Value switch
    {
        { ValueKind: JsonValueKind.String } v when ulong.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        { ValueKind: JsonValueKind.Number } v when v.TryGetUInt64(out var id) => id,
        _ => null,
    };
}

/// <summary>An interaction's <c>data.resolved</c>: objects by snowflake (as a string key).</summary>
public sealed record ResolvedData
{
    public IReadOnlyDictionary<string, User>? Users { get; init; }

    public IReadOnlyDictionary<string, Message>? Messages { get; init; }
}
