namespace PaperBot.Discord.Models;

/// <summary>Body of POST /channels/{id}/messages and of webhook/followup messages.</summary>
public sealed record MessageCreate
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>Defaults to <see cref="AllowedMentions.None"/>: nothing the bot sends pings anyone unless asked.</summary>
    public AllowedMentions? AllowedMentions { get; init; } = Models.AllowedMentions.None;

    public MessageFlags? Flags { get; init; }

    public MessageReference? MessageReference { get; init; }

    /// <summary>Metadata for uploaded files; filled in from the files when left null.</summary>
    public IReadOnlyList<AttachmentInfo>? Attachments { get; init; }

    /// <summary>With <see cref="EnforceNonce"/>, Discord drops a duplicate of a retried create instead of posting twice.</summary>
    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }
}

/// <summary>Body of PATCH on a message (channel message, original interaction response, followup).</summary>
public sealed record MessageEdit
{
    public string? Content { get; init; }

    public IReadOnlyList<Embed>? Embeds { get; init; }

    public IReadOnlyList<MessageComponent>? Components { get; init; }

    public AllowedMentions? AllowedMentions { get; init; } = Models.AllowedMentions.None;

    public MessageFlags? Flags { get; init; }

    public IReadOnlyList<AttachmentInfo>? Attachments { get; init; }
}

/// <summary>An entry of a payload's <c>attachments</c> array; <see cref="Id"/> is the index n of <c>files[n]</c>.</summary>
public sealed record AttachmentInfo
{
    public int Id { get; init; }

    public string? Filename { get; init; }

    public string? Description { get; init; }
}

/// <summary>A file to upload with a message.</summary>
public sealed record DiscordFile(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream", string? Description = null);
