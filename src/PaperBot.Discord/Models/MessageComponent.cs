namespace PaperBot.Discord.Models;

public enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    StringSelect = 3,
    TextInput = 4,
    UserSelect = 5,
    RoleSelect = 6,
    MentionableSelect = 7,
    ChannelSelect = 8,
}

public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    Link = 5,
    Premium = 6,
}

/// <summary>
/// One flat type for action rows, buttons, selects and text inputs: Discord tells them apart by
/// <see cref="Type"/>, and unused properties stay null so they are not written.
/// </summary>
public sealed record MessageComponent
{
    public ComponentType Type { get; init; }

    public string? CustomId { get; init; }

    public ButtonStyle? Style { get; init; }

    public string? Label { get; init; }

    public Emoji? Emoji { get; init; }

    public string? Url { get; init; }

    public bool? Disabled { get; init; }

    /// <summary>Children of an action row.</summary>
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public IReadOnlyList<SelectOption>? Options { get; init; }

    public string? Placeholder { get; init; }

    public int? MinValues { get; init; }

    public int? MaxValues { get; init; }

    /// <summary>Text input value, as submitted in a modal.</summary>
    public string? Value { get; init; }

    public static MessageComponent ActionRow(params MessageComponent[] components)
        => new() { Type = ComponentType.ActionRow, Components = components };

    public static MessageComponent Button(ButtonStyle style, string label, string customId, bool disabled = false)
        => new() { Type = ComponentType.Button, Style = style, Label = label, CustomId = customId, Disabled = disabled ? true : null };

    public static MessageComponent LinkButton(string label, string url)
        => new() { Type = ComponentType.Button, Style = ButtonStyle.Link, Label = label, Url = url };

    public static MessageComponent StringSelect(string customId, IReadOnlyList<SelectOption> options, string? placeholder = null, int? minValues = null, int? maxValues = null)
        => new() { Type = ComponentType.StringSelect, CustomId = customId, Options = options, Placeholder = placeholder, MinValues = minValues, MaxValues = maxValues };
}

public sealed record SelectOption
{
    public string Label { get; init; } = "";

    public string Value { get; init; } = "";

    public string? Description { get; init; }

    public Emoji? Emoji { get; init; }

    public bool? Default { get; init; }
}
