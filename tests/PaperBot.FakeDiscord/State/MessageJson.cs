using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.State;

/// <summary>The message object as Discord returns it from REST and sends it in MESSAGE_CREATE/UPDATE.</summary>
internal static class MessageJson
{
    public static JsonObject Build(FakeDiscordServer server, FakeMessage message)
    {
        JsonArray embeds = [];
        foreach (var embed in message.Embeds)
        {
            var copy = embed!.DeepClone().AsObject();
            copy["type"] ??= "rich";
            embeds.Add(copy);
        }

        JsonArray attachments = [];
        foreach (var file in message.Attachments)
        {
            var url = new Uri(server.BaseUrl, $"/attachments/{message.ChannelId}/{file.Id}/{Uri.EscapeDataString(file.FileName)}").ToString();
            attachments.Add(new JsonObject
            {
                ["id"] = Json.Id(file.Id),
                ["filename"] = file.FileName,
                ["size"] = file.Content.Length,
                ["url"] = url,
                ["proxy_url"] = url,
                ["content_type"] = file.ContentType,
            });
        }

        JsonArray reactions = [];
        foreach (var emoji in message.BotReactions)
        {
            var (name, id) = EmojiKey.Parse(emoji);
            reactions.Add(new JsonObject
            {
                ["count"] = 1,
                ["count_details"] = new JsonObject { ["burst"] = 0, ["normal"] = 1 },
                ["me"] = true,
                ["me_burst"] = false,
                ["burst_colors"] = new JsonArray(),
                ["emoji"] = Json.Emoji(name, id),
            });
        }

        var json = new JsonObject
        {
            ["id"] = Json.Id(message.Id),
            ["type"] = message.InteractionId is null ? 0 : 20,
            ["channel_id"] = Json.Id(message.ChannelId),
            ["author"] = message.AuthorIsBot && message.AuthorId == server.BotUserId
                ? Json.BotUser(server)
                : Json.User(message.AuthorId, message.AuthorName, message.AuthorIsBot),
            ["content"] = message.Content,
            ["timestamp"] = Json.Timestamp(message.Timestamp),
            ["edited_timestamp"] = message.EditedTimestamp is { } edited ? Json.Timestamp(edited) : null,
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["attachments"] = attachments,
            ["embeds"] = embeds,
            ["components"] = message.Components.DeepClone(),
            ["pinned"] = false,
            ["flags"] = message.Flags,
        };
        if (reactions.Count > 0)
        {
            json["reactions"] = reactions;
        }

        if (message.GuildId is { } guild)
        {
            json["guild_id"] = Json.Id(guild);
        }

        if (message.InteractionId is { } interaction)
        {
            json["application_id"] = Json.Id(server.ApplicationId);
            json["webhook_id"] = Json.Id(server.ApplicationId);
            json["interaction_metadata"] = new JsonObject { ["id"] = Json.Id(interaction), ["type"] = 2 };
        }

        return json;
    }
}

/// <summary>Emoji as the bot writes them in reaction routes: a unicode emoji, or name:id for a custom one.</summary>
internal static class EmojiKey
{
    public static (string Name, ulong? Id) Parse(string key)
    {
        var colon = key.LastIndexOf(':');
        return colon > 0 && ulong.TryParse(key.AsSpan(colon + 1), out var id) ? (key[..colon], id) : (key, null);
    }

    public static bool IsValid(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var parts = key.Split(':');
            return parts.Length == 2 && parts[0].Length > 0 && ulong.TryParse(parts[1], out _);
        }

        // A unicode emoji always has non-ASCII code points; plain words ("bookmark") are what Discord rejects as Unknown Emoji.
        return key.Any(c => c > 0x7F);
    }

    public static string Of(string name, ulong? id) => id is { } value ? $"{name}:{value}" : name;
}
