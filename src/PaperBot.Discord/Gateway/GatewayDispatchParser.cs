using System.Globalization;
using System.Text.Json;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Gateway;

/// <summary>Turns the <c>t</c> and <c>d</c> of a dispatch into a typed event. Throws <see cref="JsonException"/> on bad data.</summary>
internal static class GatewayDispatchParser
{
    public static GatewayEvent Parse(string name, JsonElement data, long? sequence) => name switch
    {
        "READY" => ParseReady(data, sequence),
        "RESUMED" => new ResumedEvent(sequence),
        "GUILD_CREATE" => new GuildCreateEvent(Read(data, DiscordJsonContext.Default.GuildCreate), sequence),
        "INTERACTION_CREATE" => new InteractionCreateEvent(Read(data, DiscordJsonContext.Default.Interaction), sequence),
        "MESSAGE_REACTION_ADD" => new MessageReactionAddEvent(Read(data, DiscordJsonContext.Default.MessageReactionAdd), sequence),
        "MESSAGE_CREATE" => new MessageCreateEvent(Read(data, DiscordJsonContext.Default.Message), sequence),
        "MESSAGE_REACTION_REMOVE" => new MessageReactionRemoveEvent(Read(data, DiscordJsonContext.Default.MessageReactionRemove), sequence),
        _ => new UnknownDispatchEvent(name, data.Clone(), sequence),
    };

    private static ReadyEvent ParseReady(JsonElement data, long? sequence)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("READY data is not an object.");
        }

        var sessionId = RequiredString(data, "session_id");
        var user = Read(data.GetProperty("user"), DiscordJsonContext.Default.User);
        var applicationId = data.TryGetProperty("application", out var application)
            ? Snowflake(application.GetProperty("id"))
            : 0;

        var guildIds = new List<ulong>();
        if (data.TryGetProperty("guilds", out var guilds) && guilds.ValueKind == JsonValueKind.Array)
        {
            foreach (var guild in guilds.EnumerateArray())
            {
                if (guild.TryGetProperty("id", out var id))
                {
                    guildIds.Add(Snowflake(id));
                }
            }
        }

        return new ReadyEvent(sessionId, applicationId, user, guildIds, sequence);
    }

    /// <summary>The <c>resume_gateway_url</c> of READY; Discord wants resumes sent there, not to the original URL.</summary>
    public static Uri? ResumeUrl(JsonElement readyData) =>
        readyData.ValueKind == JsonValueKind.Object
        && readyData.TryGetProperty("resume_gateway_url", out var url)
        && url.ValueKind == JsonValueKind.String
        && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : null;

    private static T Read<T>(JsonElement data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        data.Deserialize(typeInfo) ?? throw new JsonException($"{typeof(T).Name} data is null.");

    private static string RequiredString(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonException($"Missing string '{property}'.");

    private static ulong Snowflake(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        JsonValueKind.Number => value.GetUInt64(),
        _ => throw new JsonException("Expected a snowflake."),
    };
}
