using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.Rest;
using PaperBot.FakeDiscord.Validation;

namespace PaperBot.FakeDiscord.State;

/// <summary>Turns validated create/edit payloads into message snapshots (content, embeds, components, flags, files).</summary>
internal sealed class MessageBuilder(FakeDiscordServer server)
{
    private const int MaxFileBytes = 10 * 1024 * 1024;
    private const int SuppressEmbeds = 1 << 2;
    private const int Ephemeral = 1 << 6;
    private const int Loading = 1 << 7;
    private const int SuppressNotifications = 1 << 12;
    private const int ComponentsV2 = 1 << 15;

    public FakeMessage Create(ulong channelId, ulong? guildId, JsonObject payload, IReadOnlyList<RecordedFile> files, ulong? interactionId)
    {
        MessageValidator.Validate(payload, files.Count, requireContent: true);
        var allowed = SuppressEmbeds | SuppressNotifications | ComponentsV2 | (interactionId is null ? 0 : Ephemeral);
        var id = server.Ids.Next();
        return new FakeMessage
        {
            Id = id,
            ChannelId = channelId,
            GuildId = guildId,
            AuthorId = server.BotUserId,
            AuthorIsBot = true,
            AuthorName = server.Options.BotUsername,
            Content = JsonRead.String(payload["content"]) ?? "",
            Embeds = payload["embeds"] as JsonArray is { } embeds ? (JsonArray)embeds.DeepClone() : [],
            Components = payload["components"] as JsonArray is { } components ? (JsonArray)components.DeepClone() : [],
            Flags = (JsonRead.Int(payload["flags"]) ?? 0) & allowed,
            AllowedMentions = payload["allowed_mentions"]?.DeepClone() as JsonObject,
            Attachments = Attachments(payload, files, []),
            Timestamp = SnowflakeGenerator.TimestampOf(id),
            InteractionId = interactionId,
        };
    }

    /// <summary>A deferred (type 5) response: an empty, loading message the bot completes with PATCH @original.</summary>
    public FakeMessage Deferred(ulong channelId, ulong? guildId, JsonNode? data, ulong interactionId)
    {
        var id = server.Ids.Next();
        return new FakeMessage
        {
            Id = id,
            ChannelId = channelId,
            GuildId = guildId,
            AuthorId = server.BotUserId,
            AuthorIsBot = true,
            AuthorName = server.Options.BotUsername,
            Flags = ((JsonRead.Int(data?["flags"]) ?? 0) & Ephemeral) | Loading,
            Timestamp = SnowflakeGenerator.TimestampOf(id),
            InteractionId = interactionId,
        };
    }

    /// <summary>Applies the fields present in an edit; attachments not listed in "attachments" are dropped, new files are added.</summary>
    public FakeMessage Edit(FakeMessage message, JsonObject payload, IReadOnlyList<RecordedFile> files)
    {
        MessageValidator.Validate(payload, files.Count, requireContent: false);
        var edited = message;
        if (payload.ContainsKey("content"))
        {
            edited = edited with { Content = JsonRead.String(payload["content"]) ?? "" };
        }

        if (payload.ContainsKey("embeds"))
        {
            edited = edited with { Embeds = payload["embeds"] as JsonArray is { } e ? (JsonArray)e.DeepClone() : [] };
        }

        if (payload.ContainsKey("components"))
        {
            edited = edited with { Components = payload["components"] as JsonArray is { } c ? (JsonArray)c.DeepClone() : [] };
        }

        if (payload.ContainsKey("allowed_mentions"))
        {
            edited = edited with { AllowedMentions = payload["allowed_mentions"]?.DeepClone() as JsonObject };
        }

        if (JsonRead.Int(payload["flags"]) is { } flags)
        {
            edited = edited with { Flags = (edited.Flags & ~(SuppressEmbeds | ComponentsV2)) | (flags & (SuppressEmbeds | ComponentsV2)) };
        }

        var kept = edited.Attachments;
        var added = Attachments(payload, files, kept);
        if (payload["attachments"] is JsonArray listed)
        {
            var keep = listed.Select(a => a?["id"]?.ToString()).ToHashSet();
            kept = kept.Where(a => keep.Contains(Json.Id(a.Id))).ToList();
        }

        edited = edited with { Attachments = [.. kept, .. added] };
        var wasLoading = message.Loading;
        edited = edited with { Flags = edited.Flags & ~Loading };
        if (MessageValidator.IsEmpty(Snapshot(edited), edited.Attachments.Count))
        {
            throw DiscordError.EmptyMessage();
        }

        var now = server.Time.GetUtcNow();
        return wasLoading
            ? edited
            : edited with { Edited = true, EditCount = message.EditCount + 1, EditedTimestamp = now };
    }

    private static JsonObject Snapshot(FakeMessage message) => new()
    {
        ["content"] = message.Content,
        ["embeds"] = message.Embeds.DeepClone(),
        ["components"] = message.Components.DeepClone(),
    };

    /// <summary>
    /// The uploaded files as attachments. Each entry of the payload's "attachments" must name an uploaded files[n]
    /// (id n) or, in an edit, an attachment the message already has; anything else is a 50035 on that entry.
    /// </summary>
    private List<FakeAttachment> Attachments(JsonObject payload, IReadOnlyList<RecordedFile> files, IReadOnlyList<FakeAttachment> existing)
    {
        var described = payload["attachments"] as JsonArray;
        ValidateReferences(described, files, existing);
        var result = new List<FakeAttachment>();
        foreach (var file in files)
        {
            if (file.Content.Length > MaxFileBytes)
            {
                throw new DiscordError(413, 40005, "Request entity too large");
            }

            var index = FileIndex(file);
            var description = described?.OfType<JsonObject>().FirstOrDefault(a => a["id"]?.ToString() == index);
            var name = JsonRead.String(description?["filename"]) ?? file.FileName;
            result.Add(new FakeAttachment(server.Ids.Next(), name, file.ContentType, file.Content));
        }

        return result;
    }

    private static void ValidateReferences(JsonArray? described, IReadOnlyList<RecordedFile> files, IReadOnlyList<FakeAttachment> existing)
    {
        if (described is null)
        {
            return;
        }

        var uploaded = files.Select(FileIndex).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var kept = existing.Select(a => Json.Id(a.Id)).ToHashSet(StringComparer.Ordinal);
        var errors = new FormErrors();
        for (var i = 0; i < described.Count; i++)
        {
            var id = described[i]?["id"]?.ToString();
            if (id is null)
            {
                errors.Required($"attachments.{i}.id");
            }
            else if (!uploaded.Contains(id) && !kept.Contains(id))
            {
                // Discord's answer when an attachments entry points at no uploaded file and no kept attachment.
                errors.Add($"attachments.{i}.id", "ATTACHMENT_NOT_FOUND", $"Attachment with id {id} was not found in the request.");
            }
        }

        errors.ThrowIfAny();
    }

    private static string? FileIndex(RecordedFile file) =>
        file.FieldName.StartsWith("files[", StringComparison.Ordinal) && file.FieldName.EndsWith(']') ? file.FieldName[6..^1] : null;
}
