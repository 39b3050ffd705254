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
            ["type"] = message.InteractionId is not null ? 20 : message.ReferencedMessageId is not null ? 19 : 0,
            ["channel_id"] = Json.Id(message.ChannelId),
            ["author"] = message.AuthorIsBot && message.AuthorId == server.BotUserId
                ? Json.BotUser(server)
                : Json.User(message.AuthorId, message.AuthorName, message.AuthorIsBot),
            ["content"] = message.Content,
            ["timestamp"] = Json.Timestamp(message.Timestamp),
            ["edited_timestamp"] = message.EditedTimestamp is { } edited ? Json.Timestamp(edited) : null,
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = Mentions(server, message),
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

        if (message.ReferencedMessageId is { } referenced)
        {
            var reference = new JsonObject { ["type"] = 0, ["message_id"] = Json.Id(referenced), ["channel_id"] = Json.Id(message.ChannelId) };
            if (message.GuildId is { } referenceGuild)
            {
                reference["guild_id"] = Json.Id(referenceGuild);
            }

            json["message_reference"] = reference;
        }

        if (message.InteractionId is { } interaction)
        {
            json["application_id"] = Json.Id(server.ApplicationId);
            json["webhook_id"] = Json.Id(server.ApplicationId);
            json["interaction_metadata"] = new JsonObject { ["id"] = Json.Id(interaction), ["type"] = 2 };
        }

        return json;
    }

    /// <summary>The users a member's message mentions (<c>&lt;@id&gt;</c>); the bot's own messages ping nobody here (allowed_mentions allows nothing).</summary>
    private static JsonArray Mentions(FakeDiscordServer server, FakeMessage message)
    {
        JsonArray mentions = [];
        if (message.AuthorIsBot && message.AuthorId == server.BotUserId)
        {
            return mentions;
        }

        foreach (var id in MessageMentions.UserMention().Matches(message.Content).Select(m => ulong.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct())
        {
            mentions.Add(id == server.BotUserId ? Json.BotUser(server) : Json.User(id, $"user{id}", false));
        }

        return mentions;
    }
}

internal static partial class MessageMentions
{
    [System.Text.RegularExpressions.GeneratedRegex(@"<@!?(\d{1,20})>")]
    public static partial System.Text.RegularExpressions.Regex UserMention();
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
