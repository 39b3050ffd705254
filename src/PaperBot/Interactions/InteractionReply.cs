using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// What a handler answers. Text, embeds and components as Discord knows them; the context fits them to
/// Discord's limits and never lets a mention through, so handlers need not.
/// </summary>
public sealed record InteractionReply
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed> Embeds { get; init; } = [];

    /// <summary>Action rows (see <see cref="MessageComponent.ActionRow"/>).</summary>
    public IReadOnlyList<MessageComponent> Components { get; init; } = [];

    /// <summary>Visible to the invoking user only.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>Attachments; where the responder cannot upload, they are inlined as code blocks.</summary>
    public IReadOnlyList<DiscordFile> Files { get; init; } = [];

    public static InteractionReply Text(string content, bool ephemeral = false) => new() { Content = content, Ephemeral = ephemeral };

    /// <summary>An ephemeral text answer, e.g. a confirmation or what to fix in the input.</summary>
    public static InteractionReply Private(string content) => Text(content, ephemeral: true);
}
