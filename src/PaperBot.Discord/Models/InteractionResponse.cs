namespace PaperBot.Discord.Models;

public enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
    Modal = 9,
}

/// <summary>Body of POST /interactions/{id}/{token}/callback.</summary>
public sealed record InteractionResponse
{
    public InteractionCallbackType Type { get; init; }

    public InteractionCallbackData? Data { get; init; }

    public static InteractionResponse Pong() => new() { Type = InteractionCallbackType.Pong };

    public static InteractionResponse Message(InteractionCallbackData data)
        => new() { Type = InteractionCallbackType.ChannelMessageWithSource, Data = data };

    /// <summary>"Thinking…": the real answer follows with an edit of the original response.</summary>
    public static InteractionResponse DeferredMessage(bool ephemeral = false)
        => new() { Type = InteractionCallbackType.DeferredChannelMessageWithSource, Data = ephemeral ? new() { Flags = MessageFlags.Ephemeral } : null };

    public static InteractionResponse DeferredUpdate() => new() { Type = InteractionCallbackType.DeferredUpdateMessage };

    public static InteractionResponse UpdateMessage(InteractionCallbackData data)
        => new() { Type = InteractionCallbackType.UpdateMessage, Data = data };

    public static InteractionResponse Autocomplete(IReadOnlyList<ApplicationCommandOptionChoice> choices)
        => new() { Type = InteractionCallbackType.ApplicationCommandAutocompleteResult, Data = new() { Choices = choices, AllowedMentions = null } };
}

/// <summary>
/// What <c>POST /interactions/{id}/{token}/callback?with_response=true</c> answers (Discord's interaction callback
/// response object): the interaction, and the resource the answer created.
/// </summary>
public sealed record InteractionCallbackResponse
{
    public InteractionCallback? Interaction { get; init; }

    public InteractionCallbackResource? Resource { get; init; }

    /// <summary>The id of the message the answer created or updated, when Discord named it.</summary>
    public ulong? MessageId => Interaction?.ResponseMessageId ?? Resource?.Message?.Id;
}

public sealed record InteractionCallback
{
    public ulong Id { get; init; }

    public int Type { get; init; }

    public ulong? ResponseMessageId { get; init; }

    public bool? ResponseMessageLoading { get; init; }

    public bool? ResponseMessageEphemeral { get; init; }
}

public sealed record InteractionCallbackResource
{
    public InteractionCallbackType Type { get; init; }

    public Message? Message { get; init; }
}

public sealed record InteractionCallbackData
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>Ephemeral (64) makes the answer visible to the invoking user only.</summary>
    public MessageFlags? Flags { get; init; }

    public AllowedMentions? AllowedMentions { get; init; } = Models.AllowedMentions.None;

    /// <summary>Autocomplete suggestions (type 8 only).</summary>
    public IReadOnlyList<ApplicationCommandOptionChoice>? Choices { get; init; }

    public IReadOnlyList<AttachmentInfo>? Attachments { get; init; }

    /// <summary>Modal only.</summary>
    public string? CustomId { get; init; }

    /// <summary>Modal only.</summary>
    public string? Title { get; init; }
}
