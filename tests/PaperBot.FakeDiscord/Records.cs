using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord;

/// <summary>One REST request the client sent, with the status the fake answered. Path is relative to /api/v10; Query has no leading '?'.
/// For multipart requests Body/Json hold the payload_json part and Files the file parts.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    JsonNode? Json,
    int StatusCode,
    DateTimeOffset At,
    IReadOnlyList<RecordedFile> Files);

public sealed record RecordedFile(string FieldName, string FileName, string ContentType, byte[] Content);

/// <summary>A 4xx (other than 429) the fake answered to a request, with Discord's JSON error code and body.</summary>
public sealed record RecordedRejection(string Method, string Path, int StatusCode, int Code, string Message, JsonNode ErrorBody, string RequestBody)
{
    public override string ToString() => $"{Method} {Path} -> {StatusCode} {ErrorBody.ToJsonString()}";
}

public sealed record FakeAttachment(ulong Id, string FileName, string ContentType, byte[] Content);

/// <summary>A snapshot of a message as the fake holds it; edits replace the snapshot.</summary>
public sealed record FakeMessage
{
    public required ulong Id { get; init; }
    public required ulong ChannelId { get; init; }
    public ulong? GuildId { get; init; }
    public required ulong AuthorId { get; init; }
    public bool AuthorIsBot { get; init; }
    public string AuthorName { get; init; } = "";
    public string Content { get; init; } = "";
    public JsonArray Embeds { get; init; } = [];
    public JsonArray Components { get; init; } = [];
    public int Flags { get; init; }
    public IReadOnlyList<FakeAttachment> Attachments { get; init; } = [];
    public JsonObject? AllowedMentions { get; init; }
    public IReadOnlyList<string> BotReactions { get; init; } = [];
    public bool Edited { get; init; }
    public int EditCount { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public DateTimeOffset? EditedTimestamp { get; init; }
    /// <summary>The message this one replies to (its accepted message_reference).</summary>
    public ulong? ReferencedMessageId { get; init; }
    /// <summary>Set when the message came from an interaction response or followup.</summary>
    public ulong? InteractionId { get; init; }

    public bool Ephemeral => (Flags & 64) != 0;
    public bool Loading => (Flags & 128) != 0;
}

/// <summary>A thread as the fake holds it; its id is the id of the message it was started from.</summary>
public sealed record FakeThread(ulong Id, ulong ParentId, ulong? GuildId, string Name, int AutoArchiveDuration, bool Archived, bool Locked);

/// <summary>
/// One dispatch the fake gateway sent to a live connection: the shard of that session, the event name, its guild, the
/// id in its data, and the session (one per IDENTIFY: two processes running one shard have two).
/// </summary>
public sealed record DeliveredDispatch(int ShardId, string Type, ulong? GuildId, string? DataId, string SessionId = "");
