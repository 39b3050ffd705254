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

    // One dispatch of each event the parser types, as Discord sends them (docs: Gateway Events), for WarmUp.
    private static readonly string[] SampleDispatches =
    [
        """{"op":0,"s":1,"t":"READY","d":{"v":10,"session_id":"warm-up","resume_gateway_url":"wss://gateway.invalid","user":{"id":"1","username":"warm-up","bot":true},"application":{"id":"1","flags":0},"guilds":[{"id":"2","unavailable":true}],"shard":[0,1]}}""",
        """{"op":0,"s":2,"t":"GUILD_CREATE","d":{"id":"2","name":"warm-up","owner_id":"3","unavailable":false,"channels":[{"id":"4","type":0,"guild_id":"2","name":"papers","position":0,"permission_overwrites":[]}]}}""",
        """{"op":0,"s":3,"t":"INTERACTION_CREATE","d":{"id":"5","application_id":"1","type":2,"token":"warm-up","version":1,"guild_id":"2","channel_id":"4","locale":"en-US","app_permissions":"0","member":{"user":{"id":"3","username":"warm-up"},"roles":[],"permissions":"0"},"data":{"id":"6","name":"paper","type":1,"options":[{"name":"search","type":1,"options":[{"name":"query","type":3,"value":"warm-up"}]}]}}}""",
        """{"op":0,"s":4,"t":"MESSAGE_CREATE","d":{"id":"7","channel_id":"4","guild_id":"2","author":{"id":"3","username":"warm-up"},"content":"warm-up","timestamp":"2026-01-01T00:00:00.000000+00:00","embeds":[],"attachments":[],"components":[]}}""",
        """{"op":0,"s":5,"t":"MESSAGE_REACTION_ADD","d":{"user_id":"3","channel_id":"4","message_id":"7","guild_id":"2","member":{"user":{"id":"3","username":"warm-up"},"roles":[]},"emoji":{"id":null,"name":"\ud83d\udd16"},"message_author_id":"1","burst":false,"type":0}}""",
        """{"op":0,"s":6,"t":"MESSAGE_REACTION_REMOVE","d":{"user_id":"3","channel_id":"4","message_id":"7","guild_id":"2","emoji":{"id":null,"name":"\ud83d\udd16"},"burst":false,"type":0}}""",
    ];

    /// <summary>
    /// Parses one sample dispatch of each typed event, from bytes as the gateway reads them, so that the first real
    /// events after a start (READY, the GUILD_CREATEs, the first interactions) do not wait for this code to be
    /// compiled. Returns how many were parsed.
    /// </summary>
    public static int WarmUp() => ParseSamples().Count;

    /// <summary>The sample dispatches, parsed (for <see cref="WarmUp"/> and its tests).</summary>
    internal static IReadOnlyList<GatewayEvent> ParseSamples()
    {
        var parsed = new List<GatewayEvent>(SampleDispatches.Length);
        foreach (var frame in SampleDispatches)
        {
            using var document = JsonDocument.Parse(System.Text.Encoding.UTF8.GetBytes(frame));
            var root = document.RootElement;
            var data = root.GetProperty("d");
            parsed.Add(Parse(root.GetProperty("t").GetString()!, data, root.GetProperty("s").GetInt64()));
            _ = ResumeUrl(data);
        }

        return parsed;
    }

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
