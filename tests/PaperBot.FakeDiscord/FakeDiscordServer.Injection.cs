using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private const string AllPermissions = "2248473465835073";

    /// <summary>Dispatches INTERACTION_CREATE for a slash command. Options in Discord's shape:
    /// [{"name":"search","type":1,"options":[{"name":"query","type":3,"value":"x"}]}]. guildId 0 means a DM.</summary>
    public Task<InjectedInteraction> InjectSlashCommandAsync(string name, JsonArray? options, ulong guildId, ulong channelId, ulong userId, string memberPermissions = "0", string? userName = null, CancellationToken ct = default)
    {
        var data = CommandData(name, options, guildId);
        return InjectAsync(2, data, guildId, channelId, userId, memberPermissions, userName, sourceMessageId: null, ct);
    }

    /// <summary>
    /// Dispatches a message command (application command type 3, used from a message's ⋯ › Apps) on a message
    /// the fake holds, as Discord does: <c>data.type</c> 3, <c>data.target_id</c> and the message in
    /// <c>data.resolved.messages</c> (with its content, whatever the bot's intents). Throws when no registered
    /// command of type 3 has that name, as Discord's client would offer no such menu entry.
    /// </summary>
    public Task<InjectedInteraction> InjectMessageCommandAsync(string name, ulong targetMessageId, ulong guildId, ulong channelId, ulong userId, string memberPermissions = "0", CancellationToken ct = default)
    {
        var registered = RegisteredCommands(guildId).Concat(RegisteredCommands())
            .FirstOrDefault(c => c["name"]?.ToString() == name && c["type"]?.GetValue<int>() == 3)
            ?? throw new InvalidOperationException($"No message command named '{name}' is registered.");
        var target = GetMessage(targetMessageId) ?? throw new InvalidOperationException($"Message {targetMessageId} is unknown to the fake.");
        var data = new JsonObject
        {
            ["id"] = registered["id"]!.DeepClone(),
            ["name"] = name,
            ["type"] = 3,
            ["target_id"] = Json.Id(targetMessageId),
            ["resolved"] = new JsonObject { ["messages"] = new JsonObject { [targetMessageId.ToString(System.Globalization.CultureInfo.InvariantCulture)] = MessageJson.Build(this, target) } },
        };
        if (registered["guild_id"] is { } commandGuild)
        {
            data["guild_id"] = commandGuild.DeepClone();
        }

        return InjectAsync(2, data, guildId, channelId, userId, memberPermissions, null, sourceMessageId: null, ct);
    }

    /// <summary>Dispatches an autocomplete interaction; the focused option carries "focused": true (the last leaf option is marked if none is).</summary>
    public Task<InjectedInteraction> InjectAutocompleteAsync(string name, JsonArray options, ulong guildId, ulong channelId, ulong userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = CommandData(name, options, guildId);
        if (!HasFocused(data["options"] as JsonArray) && LastLeaf(data["options"] as JsonArray) is { } leaf)
        {
            leaf["focused"] = true;
        }

        return InjectAsync(4, data, guildId, channelId, userId, "0", null, sourceMessageId: null, ct);
    }

    /// <summary>Dispatches a component interaction (button = 2, string select = 3) on a message the bot created; the payload carries that message.</summary>
    public Task<InjectedInteraction> InjectComponentAsync(string customId, ulong messageId, ulong channelId, ulong guildId, ulong userId, int componentType = 2, IEnumerable<string>? values = null, string memberPermissions = "0", CancellationToken ct = default)
    {
        if (GetMessage(messageId) is null)
        {
            throw new InvalidOperationException($"Message {messageId} is unknown to the fake; components can only be used on messages the bot created.");
        }

        var data = new JsonObject { ["custom_id"] = customId, ["component_type"] = componentType };
        if (values is not null || componentType is 3 or 5 or 6 or 7 or 8)
        {
            data["values"] = new JsonArray((values ?? []).Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        }

        return InjectAsync(3, data, guildId, channelId, userId, memberPermissions, null, messageId, ct);
    }

    /// <summary>Dispatches a modal submit; components are the submitted rows, e.g. [{"type":1,"components":[{"type":4,"custom_id":"q","value":"x"}]}].</summary>
    public Task<InjectedInteraction> InjectModalSubmitAsync(string customId, JsonArray components, ulong guildId, ulong channelId, ulong userId, CancellationToken ct = default)
    {
        var data = new JsonObject { ["custom_id"] = customId, ["components"] = components.DeepClone() };
        return InjectAsync(5, data, guildId, channelId, userId, "0", null, sourceMessageId: null, ct);
    }

    public Task InjectReactionAddAsync(ulong channelId, ulong messageId, ulong userId, string emojiName, ulong? emojiId = null, ulong? guildId = null, bool userIsBot = false, CancellationToken ct = default)
    {
        var guild = guildId ?? ResolveChannel(channelId).GuildId;
        var data = ReactionData(channelId, messageId, userId, emojiName, emojiId, guild);
        if (guild is not null)
        {
            var member = Json.Member(Json.User(userId, $"user{userId}", userIsBot), "0", Time.GetUtcNow());
            member.Remove("permissions");
            data["member"] = member;
        }

        if (GetMessage(messageId) is { } message)
        {
            data["message_author_id"] = Json.Id(message.AuthorId);
        }

        data["burst_colors"] = new JsonArray();
        return EnqueueDispatch("MESSAGE_REACTION_ADD", data, guild).WaitAsync(ct);
    }

    public Task InjectReactionRemoveAsync(ulong channelId, ulong messageId, ulong userId, string emojiName, ulong? emojiId = null, ulong? guildId = null, CancellationToken ct = default)
    {
        var guild = guildId ?? ResolveChannel(channelId).GuildId;
        return EnqueueDispatch("MESSAGE_REACTION_REMOVE", ReactionData(channelId, messageId, userId, emojiName, emojiId, guild), guild).WaitAsync(ct);
    }

    public InjectedInteraction? FindInteraction(ulong interactionId) => Read(s => s.Interactions.GetValueOrDefault(interactionId));

    public IReadOnlyList<InjectedInteraction> Interactions => Read(s => s.Interactions.Values.OrderBy(i => i.Id).ToList());

    /// <summary>The next <paramref name="count"/> REST requests get <paramref name="statusCode"/>: 429 with Discord's headers and body, or 5xx.</summary>
    public void FailNextRequests(int count, int statusCode, double retryAfterSeconds = 0.1, bool global = false) =>
        Rest.FailNext(count, statusCode, retryAfterSeconds, global);

    /// <summary>
    /// The next <paramref name="count"/> successful calls of <paramref name="routeTemplate"/> (e.g.
    /// <c>POST /webhooks/{application_id}/{interaction_token}</c>) take effect, but the connection is reset
    /// before the answer: what a client sees when Discord acted and the response was lost on the way.
    /// </summary>
    public void LoseNextAnswers(string routeTemplate, int count = 1) => Rest.LoseNextAnswers(routeTemplate, count);

    /// <summary>
    /// Shows every successful call of <paramref name="routeTemplate"/> (e.g. <c>POST /channels/{channel_id}/messages</c>)
    /// to <paramref name="loseAnswer"/> once Discord has carried it out and recorded it; when that returns true
    /// the connection is reset before the answer. A test can crash its client there: after Discord accepted.
    /// </summary>
    public void InterceptAnswers(string routeTemplate, Func<RecordedRequest, bool> loseAnswer) => Rest.InterceptAnswers(routeTemplate, loseAnswer);

    /// <summary>Interactions injected from now on carry ids (and so creation times) this far in the past, as after a long outage.</summary>
    public TimeSpan InjectedInteractionAge { get; set; }

    private async Task<InjectedInteraction> InjectAsync(int type, JsonObject data, ulong guildId, ulong channelId, ulong userId, string permissions, string? userName, ulong? sourceMessageId, CancellationToken ct)
    {
        var channel = ResolveChannel(channelId);
        var id = InjectedInteractionAge > TimeSpan.Zero ? Ids.At(Time.GetUtcNow() - InjectedInteractionAge) : Ids.Next();
        var token = "aW50ZXJhY3Rpb246" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var user = Json.User(userId, userName ?? $"user{userId}", bot: false);
        var payload = new JsonObject
        {
            ["id"] = Json.Id(id),
            ["application_id"] = Json.Id(ApplicationId),
            ["type"] = type,
            ["data"] = data,
            ["channel_id"] = Json.Id(channelId),
            ["channel"] = Json.Channel(channel),
            ["token"] = token,
            ["version"] = 1,
            ["locale"] = "en-US",
            ["app_permissions"] = AllPermissions,
            ["entitlements"] = new JsonArray(),
            ["attachment_size_limit"] = 10 * 1024 * 1024,
            ["context"] = guildId == 0 ? 1 : 0,
        };
        if (guildId != 0)
        {
            payload["guild_id"] = Json.Id(guildId);
            payload["guild_locale"] = "en-US";
            payload["guild"] = new JsonObject { ["id"] = Json.Id(guildId), ["locale"] = "en-US", ["features"] = new JsonArray() };
            payload["member"] = Json.Member(user, permissions, Time.GetUtcNow());
            payload["authorizing_integration_owners"] = new JsonObject { ["0"] = Json.Id(guildId) };
        }
        else
        {
            payload["user"] = user;
            payload["authorizing_integration_owners"] = new JsonObject { ["1"] = Json.Id(userId) };
        }

        if (sourceMessageId is { } messageId && GetMessage(messageId) is { } message)
        {
            payload["message"] = MessageJson.Build(this, message);
        }

        var interaction = new InjectedInteraction(this, id, token, type, guildId, channelId, userId, (JsonObject)payload.DeepClone(), Time.GetUtcNow(), sourceMessageId);
        lock (State.Gate)
        {
            State.Interactions[id] = interaction;
        }

        interaction.StartDeadline();
        await EnqueueDispatch("INTERACTION_CREATE", payload, guildId == 0 ? null : guildId).WaitAsync(ct);
        return interaction;
    }

    private JsonObject CommandData(string name, JsonArray? options, ulong guildId)
    {
        var registered = RegisteredCommands(guildId).Concat(RegisteredCommands()).FirstOrDefault(c => c["name"]?.ToString() == name);
        var data = new JsonObject
        {
            ["id"] = registered?["id"]?.DeepClone() ?? Json.Id(Ids.Next()),
            ["name"] = name,
            ["type"] = 1,
        };
        if (options is not null)
        {
            data["options"] = options.DeepClone();
        }

        if (registered?["guild_id"] is { } commandGuild)
        {
            data["guild_id"] = commandGuild.DeepClone();
        }

        var users = new JsonObject();
        CollectUsers(data["options"] as JsonArray, users);
        if (users.Count > 0)
        {
            data["resolved"] = new JsonObject { ["users"] = users };
        }

        return data;
    }

    private static void CollectUsers(JsonArray? options, JsonObject users)
    {
        foreach (var option in options?.OfType<JsonObject>() ?? [])
        {
            if (option["type"]?.GetValue<int>() == 6 && option["value"]?.ToString() is { } id && ulong.TryParse(id, out var userId))
            {
                users[id] = Json.User(userId, $"user{userId}", bot: false);
            }

            CollectUsers(option["options"] as JsonArray, users);
        }
    }

    private static bool HasFocused(JsonArray? options) =>
        options?.OfType<JsonObject>().Any(o => o["focused"]?.GetValue<bool>() == true || HasFocused(o["options"] as JsonArray)) == true;

    private static JsonObject? LastLeaf(JsonArray? options)
    {
        var last = options?.OfType<JsonObject>().LastOrDefault();
        return last?["options"] is JsonArray { Count: > 0 } nested ? LastLeaf(nested) : last;
    }

    private static JsonObject ReactionData(ulong channelId, ulong messageId, ulong userId, string emojiName, ulong? emojiId, ulong? guildId)
    {
        var emoji = Json.Emoji(emojiName, emojiId);
        if (emojiId is not null)
        {
            emoji["animated"] = false;
        }

        var data = new JsonObject
        {
            ["type"] = 0,
            ["user_id"] = Json.Id(userId),
            ["channel_id"] = Json.Id(channelId),
            ["message_id"] = Json.Id(messageId),
            ["emoji"] = emoji,
            ["burst"] = false,
        };
        if (guildId is { } guild)
        {
            data["guild_id"] = Json.Id(guild);
        }

        return data;
    }
}
