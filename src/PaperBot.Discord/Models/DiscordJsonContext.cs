using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperBot.Discord.Models;

/// <summary>
/// Source-generated JSON for every Discord payload: snake_case names, nulls left out when writing (Discord
/// treats an explicit null as "clear this field"), unknown fields ignored, snowflakes as strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    IgnoreReadOnlyProperties = true,
    Converters = [typeof(SnowflakeConverter)])]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(GuildMember))]
[JsonSerializable(typeof(Channel))]
[JsonSerializable(typeof(GuildCreate))]
[JsonSerializable(typeof(StartThreadFromMessage))]
[JsonSerializable(typeof(ModifyThread))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(Embed))]
[JsonSerializable(typeof(MessageComponent))]
[JsonSerializable(typeof(MessageCreate))]
[JsonSerializable(typeof(MessageEdit))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(ApplicationCommandInteractionData))]
[JsonSerializable(typeof(MessageComponentInteractionData))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(InteractionCallbackResponse))]
[JsonSerializable(typeof(ApplicationCommand))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommand>))]
[JsonSerializable(typeof(List<ApplicationCommand>))]
[JsonSerializable(typeof(GatewayBot))]
[JsonSerializable(typeof(Application))]
[JsonSerializable(typeof(MessageReactionAdd))]
[JsonSerializable(typeof(MessageReactionRemove))]
[JsonSerializable(typeof(Emoji))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;

/// <summary>Discord's error body: 4xx errors and 429s share it.</summary>
public sealed record DiscordErrorBody
{
    public int? Code { get; init; }

    public string? Message { get; init; }

    public JsonElement? Errors { get; init; }

    public double? RetryAfter { get; init; }

    public bool? Global { get; init; }
}
