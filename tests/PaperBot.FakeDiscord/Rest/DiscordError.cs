using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>A REST error in Discord's shape: status, JSON code, message and, for 50035, the nested <c>errors</c> object.</summary>
internal sealed class DiscordError(int status, int code, string message, JsonObject? errors = null) : Exception(message)
{
    public int Status { get; } = status;
    public int Code { get; } = code;

    public JsonObject ToJson()
    {
        var body = new JsonObject { ["message"] = Message, ["code"] = Code };
        if (errors is not null)
        {
            body["errors"] = errors;
        }

        return body;
    }

    public static DiscordError Unauthorized() => new(401, 0, "401: Unauthorized");
    public static DiscordError UnknownChannel() => new(404, 10003, "Unknown Channel");
    public static DiscordError UnknownMessage() => new(404, 10008, "Unknown Message");
    public static DiscordError UnknownWebhook() => new(404, 10015, "Unknown Webhook");
    public static DiscordError UnknownEmoji() => new(400, 10014, "Unknown Emoji");
    public static DiscordError UnknownInteraction() => new(404, 10062, "Unknown interaction");
    public static DiscordError UnknownApplication() => new(404, 10002, "Unknown Application");
    public static DiscordError UnknownGuild() => new(404, 10004, "Unknown Guild");
    public static DiscordError AlreadyAcknowledged() => new(400, 40060, "Interaction has already been acknowledged.");
    public static DiscordError MissingAccess() => new(403, 50001, "Missing Access");
    public static DiscordError MissingPermissions() => new(403, 50013, "Missing Permissions");
    public static DiscordError EmptyMessage() => new(400, 50006, "Cannot send an empty message");
    public static DiscordError NotAuthor() => new(403, 50005, "Cannot edit a message authored by another user");
    public static DiscordError InvalidWebhookToken() => new(401, 50027, "Invalid Webhook Token");
    public static DiscordError NotFound() => new(404, 0, "404: Not Found");
    public static DiscordError MethodNotAllowed() => new(405, 0, "405: Method Not Allowed");
    public static DiscordError ThreadArchived() => new(400, 50083, "Tried to perform an operation on an archived thread, such as editing a message or adding a user to the thread");
    public static DiscordError ThreadAlreadyCreated() => new(400, 160004, "A thread has already been created for this message");
    public static DiscordError BadJson() => new(400, 50109, "The request body contains invalid JSON.");
}
