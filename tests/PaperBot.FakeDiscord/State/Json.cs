using System.Globalization;
using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.State;

/// <summary>Discord-shaped JSON for the fake's objects (snowflakes as strings, ISO-8601 timestamps).</summary>
internal static class Json
{
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    public static JsonObject User(ulong id, string username, bool bot) => new()
    {
        ["id"] = id.ToString(CultureInfo.InvariantCulture),
        ["username"] = username,
        ["discriminator"] = "0",
        ["global_name"] = bot ? null : username,
        ["avatar"] = null,
        ["bot"] = bot,
        ["public_flags"] = 0,
    };

    public static JsonObject BotUser(FakeDiscordServer server) => User(server.BotUserId, server.Options.BotUsername, bot: true);

    public static JsonObject Member(JsonObject user, string permissions, DateTimeOffset joinedAt) => new()
    {
        ["user"] = user,
        ["roles"] = new JsonArray(),
        ["nick"] = null,
        ["avatar"] = null,
        ["joined_at"] = Timestamp(joinedAt),
        ["deaf"] = false,
        ["mute"] = false,
        ["flags"] = 0,
        ["pending"] = false,
        ["permissions"] = permissions,
    };

    public static JsonObject Channel(ChannelState channel)
    {
        var json = new JsonObject
        {
            ["id"] = channel.Id.ToString(CultureInfo.InvariantCulture),
            ["type"] = channel.GuildId is null ? 1 : 0,
            ["name"] = channel.Name,
            ["position"] = 0,
            ["permission_overwrites"] = new JsonArray(),
            ["nsfw"] = false,
            ["topic"] = null,
            ["last_message_id"] = null,
            ["parent_id"] = null,
            ["rate_limit_per_user"] = 0,
        };
        if (channel.GuildId is { } guild)
        {
            json["guild_id"] = guild.ToString(CultureInfo.InvariantCulture);
        }

        if (channel.IsThread)
        {
            // Threads repurpose parent_id and owner_id and add thread_metadata (docs: topics/threads).
            json["type"] = 11;
            json["parent_id"] = Id(channel.ParentId!.Value);
            json["owner_id"] = channel.OwnerId is { } owner ? Id(owner) : null;
            json["message_count"] = 0;
            json["member_count"] = 1;
            json["thread_metadata"] = new JsonObject
            {
                ["archived"] = channel.Archived,
                ["auto_archive_duration"] = channel.AutoArchiveDuration,
                ["archive_timestamp"] = Timestamp(channel.ArchiveTimestamp),
                ["locked"] = channel.Locked,
            };
            json.Remove("topic");
            json.Remove("permission_overwrites");
            json.Remove("position");
        }

        return json;
    }

    public static JsonObject Emoji(string name, ulong? id) => new()
    {
        ["id"] = id?.ToString(CultureInfo.InvariantCulture),
        ["name"] = name,
    };

    public static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
