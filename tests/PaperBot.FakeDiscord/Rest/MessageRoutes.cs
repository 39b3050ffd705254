using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>/channels/{channel.id}/messages routes: create (JSON or multipart), get, list, edit, delete, own reactions, typing.</summary>
internal sealed class MessageRoutes(FakeDiscordServer server, MessageBuilder builder, ThreadRoutes threads)
{
    public Task<RestResult> CreateAsync(RestRequest request, string channelSegment)
    {
        var channel = Channel(channelSegment, send: true);
        var body = request.RequireObject();
        threads.BeforeSend(channel, request.Now);
        var nonceKey = EnforcedNonceKey(body);
        var message = builder.Create(channel.Id, channel.GuildId, body, request.Files, interactionId: null);
        message = message with { ReferencedMessageId = Reference(channel, body) };
        lock (server.State.Gate)
        {
            // Docs (enforce_nonce): if the same author created a message with this nonce in the past few
            // minutes, that message is returned and no new one is created.
            if (nonceKey is not null
                && server.State.Nonces.TryGetValue(nonceKey, out var earlier)
                && request.Now - earlier.At < server.Options.NonceWindow
                && server.State.Messages.TryGetValue(earlier.MessageId, out var first))
            {
                return Task.FromResult(RestResult.Ok(MessageJson.Build(server, first)));
            }

            server.State.Put(message);
            if (nonceKey is not null)
            {
                server.State.Nonces[nonceKey] = (message.Id, request.Now);
            }
        }

        var json = MessageJson.Build(server, message);
        _ = server.EnqueueDispatch("MESSAGE_CREATE", json.DeepClone(), channel.GuildId);
        return Task.FromResult(RestResult.Ok(json));
    }

    /// <summary>
    /// A reply's message_reference (docs/resources/Message.md): the message must exist in this channel; when it
    /// does not, Discord refuses the create unless fail_if_not_exists is false, which sends a plain message.
    /// </summary>
    private ulong? Reference(ChannelState channel, JsonObject body)
    {
        if (body["message_reference"] is not JsonObject reference)
        {
            return null;
        }

        var id = ulong.TryParse(reference["message_id"]?.ToString(), out var parsed) ? parsed : 0;
        var target = id == 0 ? null : server.GetMessage(id);
        if (target is not null && target.ChannelId == channel.Id && !target.Ephemeral)
        {
            return id;
        }

        if (reference["fail_if_not_exists"]?.GetValueKind() == System.Text.Json.JsonValueKind.False)
        {
            return null;
        }

        var errors = new Validation.FormErrors();
        errors.Add("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message");
        errors.ThrowIfAny();
        return null;
    }

    public Task<RestResult> Get(string channelSegment, string messageSegment)
    {
        var channel = Channel(channelSegment, send: false);
        return Task.FromResult(RestResult.Ok(MessageJson.Build(server, Message(channel, messageSegment))));
    }

    public Task<RestResult> List(RestRequest request, string channelSegment)
    {
        var channel = Channel(channelSegment, send: false);
        var limit = int.TryParse(request.Query["limit"].ToString(), out var l) ? Math.Clamp(l, 1, 100) : 50;
        var messages = server.GetMessages(channel.Id).Where(m => !m.Ephemeral).Reverse().Take(limit);
        return Task.FromResult(RestResult.Ok(new JsonArray(messages.Select(m => (JsonNode)MessageJson.Build(server, m)).ToArray())));
    }

    public Task<RestResult> EditAsync(RestRequest request, string channelSegment, string messageSegment)
    {
        var channel = Channel(channelSegment, send: false);
        var message = Message(channel, messageSegment);
        if (!message.AuthorIsBot || message.AuthorId != server.BotUserId)
        {
            throw DiscordError.NotAuthor();
        }

        if (channel.Archived)
        {
            throw DiscordError.ThreadArchived();
        }

        var edited = builder.Edit(message, request.RequireObject(), request.Files);
        lock (server.State.Gate)
        {
            server.State.Put(edited);
        }

        var json = MessageJson.Build(server, edited);
        _ = server.EnqueueDispatch("MESSAGE_UPDATE", json.DeepClone(), channel.GuildId);
        return Task.FromResult(RestResult.Ok(json));
    }

    public Task<RestResult> DeleteAsync(string channelSegment, string messageSegment)
    {
        var channel = Channel(channelSegment, send: false);
        var message = Message(channel, messageSegment);
        lock (server.State.Gate)
        {
            server.State.Remove(message.Id);
        }

        var data = new JsonObject { ["id"] = Json.Id(message.Id), ["channel_id"] = Json.Id(channel.Id) };
        if (channel.GuildId is { } guild)
        {
            data["guild_id"] = Json.Id(guild);
        }

        _ = server.EnqueueDispatch("MESSAGE_DELETE", data, channel.GuildId);
        return Task.FromResult(RestResult.NoContent());
    }

    public Task<RestResult> ReactAsync(string channelSegment, string messageSegment, string emoji, bool add)
    {
        var channel = Channel(channelSegment, send: add);
        var message = Message(channel, messageSegment);
        if (!EmojiKey.IsValid(emoji))
        {
            throw DiscordError.UnknownEmoji();
        }

        bool changed;
        lock (server.State.Gate)
        {
            var current = server.State.Messages.GetValueOrDefault(message.Id) ?? throw DiscordError.UnknownMessage();
            var has = current.BotReactions.Contains(emoji);
            changed = add != has;
            if (changed)
            {
                server.State.Put(current with { BotReactions = add ? [.. current.BotReactions, emoji] : current.BotReactions.Where(e => e != emoji).ToList() });
            }
        }

        if (changed)
        {
            var (name, id) = EmojiKey.Parse(emoji);
            var data = new JsonObject
            {
                ["type"] = 0,
                ["user_id"] = Json.Id(server.BotUserId),
                ["channel_id"] = Json.Id(channel.Id),
                ["message_id"] = Json.Id(message.Id),
                ["emoji"] = Json.Emoji(name, id),
                ["burst"] = false,
            };
            if (channel.GuildId is { } guild)
            {
                data["guild_id"] = Json.Id(guild);
            }

            if (add)
            {
                data["message_author_id"] = Json.Id(message.AuthorId);
                data["burst_colors"] = new JsonArray();
            }

            _ = server.EnqueueDispatch(add ? "MESSAGE_REACTION_ADD" : "MESSAGE_REACTION_REMOVE", data, channel.GuildId);
        }

        return Task.FromResult(RestResult.NoContent());
    }

    public Task<RestResult> ReactionUsers(string channelSegment, string messageSegment, string emoji)
    {
        var channel = Channel(channelSegment, send: false);
        var message = Message(channel, messageSegment);
        JsonArray users = message.BotReactions.Contains(emoji) ? [Json.BotUser(server)] : [];
        return Task.FromResult(RestResult.Ok(users));
    }

    public Task<RestResult> Typing(string channelSegment)
    {
        Channel(channelSegment, send: true);
        return Task.FromResult(RestResult.NoContent());
    }

    /// <summary>"author:nonce" when the body asks for the nonce to be enforced (the author is always the bot here).</summary>
    private string? EnforcedNonceKey(JsonObject body)
    {
        if (body["enforce_nonce"] is not JsonValue enforce || !enforce.TryGetValue<bool>(out var enforced) || !enforced)
        {
            return null;
        }

        var nonce = body["nonce"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            JsonValue v when v.TryGetValue<long>(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        return nonce is null ? null : $"{server.BotUserId}:{nonce}";
    }

    private ChannelState Channel(string segment, bool send)
    {
        var channel = server.ResolveChannel(Route.Snowflake(segment, "channel_id"));
        if (!channel.CanView)
        {
            throw DiscordError.MissingAccess();
        }

        if (send && !channel.CanSend)
        {
            throw DiscordError.MissingPermissions();
        }

        return channel;
    }

    private FakeMessage Message(ChannelState channel, string segment)
    {
        var id = Route.Snowflake(segment, "message_id");
        lock (server.State.Gate)
        {
            return server.State.Messages.TryGetValue(id, out var message) && message.ChannelId == channel.Id && !message.Ephemeral
                ? message
                : throw DiscordError.UnknownMessage();
        }
    }
}
