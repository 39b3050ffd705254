using System.Text.Json;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.State;
using PaperBot.FakeDiscord.Validation;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>
/// Threads as channel.md and topics/threads document them: Start Thread from Message (the thread takes the
/// message's id, one thread per message, name 1-100 characters, auto_archive_duration one of 60/1440/4320/10080)
/// and Modify Channel on a thread (archive, lock, rename). Sending to an archived thread unarchives it unless it
/// is locked, which Discord refuses with 50083.
/// </summary>
internal sealed class ThreadRoutes(FakeDiscordServer server)
{
    private static readonly int[] ArchiveDurations = [60, 1440, 4320, 10080];

    public Task<RestResult> StartFromMessage(RestRequest request, string channelSegment, string messageSegment)
    {
        var parent = server.ResolveChannel(Route.Snowflake(channelSegment, "channel_id"));
        if (!parent.CanView)
        {
            throw DiscordError.MissingAccess();
        }

        if (!parent.CanSend)
        {
            throw DiscordError.MissingPermissions();
        }

        if (parent.IsThread || parent.GuildId is null)
        {
            throw new DiscordError(400, 50024, "Cannot execute action on this channel type");
        }

        var body = request.RequireObject();
        var errors = new FormErrors();
        var name = JsonRead.String(body["name"]);
        if (body["name"] is null)
        {
            errors.Required("name");
        }
        else if (name is null || JsonRead.Length(name) is < 1 or > 100)
        {
            errors.Length("name", 1, 100);
        }

        var duration = ReadDuration(body, errors);
        if (body["rate_limit_per_user"] is { } slow && JsonRead.Int(slow) is not (>= 0 and <= 21600))
        {
            errors.Add("rate_limit_per_user", "NUMBER_TYPE_MAX", "int value should be less than or equal to 21600.");
        }

        errors.ThrowIfAny();
        var messageId = Route.Snowflake(messageSegment, "message_id");
        ChannelState thread;
        lock (server.State.Gate)
        {
            if (!server.State.Messages.TryGetValue(messageId, out var message) || message.ChannelId != parent.Id || message.Ephemeral)
            {
                throw DiscordError.UnknownMessage();
            }

            if (server.State.Channels.ContainsKey(messageId))
            {
                throw DiscordError.ThreadAlreadyCreated();
            }

            thread = new ChannelState(messageId, parent.GuildId, name!)
            {
                ParentId = parent.Id,
                OwnerId = server.BotUserId,
                AutoArchiveDuration = duration ?? 4320,
                ArchiveTimestamp = request.Now,
            };
            server.State.Channels[thread.Id] = thread;
        }

        var json = Json.Channel(thread);
        var created = (JsonObject)json.DeepClone();
        created["newly_created"] = true;
        _ = server.EnqueueDispatch("THREAD_CREATE", created, thread.GuildId);
        return Task.FromResult(RestResult.Ok(json));
    }

    public Task<RestResult> Modify(RestRequest request, string channelSegment)
    {
        var channel = server.ResolveChannel(Route.Snowflake(channelSegment, "channel_id"));
        if (!channel.CanView)
        {
            throw DiscordError.MissingAccess();
        }

        var body = request.RequireObject();
        var errors = new FormErrors();
        if (body["name"] is { } nameNode && (JsonRead.String(nameNode) is not { } newName || JsonRead.Length(newName) is < 1 or > 100))
        {
            errors.Length("name", 1, 100);
        }

        var duration = ReadDuration(body, errors);
        errors.ThrowIfAny();
        lock (server.State.Gate)
        {
            var unarchive = body["archived"] is JsonValue a && a.GetValueKind() == JsonValueKind.False;
            if (channel.IsThread && channel.Archived && !unarchive)
            {
                // Only active threads can be manipulated.
                throw DiscordError.ThreadArchived();
            }

            if (JsonRead.String(body["name"]) is { } rename)
            {
                channel.Name = rename;
            }

            if (channel.IsThread)
            {
                if (body["archived"] is JsonValue archived && archived.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    channel.Archived = archived.GetValueKind() == JsonValueKind.True;
                    channel.ArchiveTimestamp = request.Now;
                }

                if (body["locked"] is JsonValue locked && locked.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    channel.Locked = locked.GetValueKind() == JsonValueKind.True;
                }

                if (duration is { } minutes)
                {
                    channel.AutoArchiveDuration = minutes;
                    channel.ArchiveTimestamp = request.Now;
                }
            }
        }

        var json = Json.Channel(channel);
        _ = server.EnqueueDispatch(channel.IsThread ? "THREAD_UPDATE" : "CHANNEL_UPDATE", json.DeepClone(), channel.GuildId);
        server.NotifyChanged();
        return Task.FromResult(RestResult.Ok(json));
    }

    /// <summary>Before a message goes to a thread: an archived one is unarchived by it, unless locked (50083).</summary>
    public void BeforeSend(ChannelState channel, DateTimeOffset now)
    {
        if (!channel.IsThread)
        {
            return;
        }

        lock (server.State.Gate)
        {
            if (!channel.Archived)
            {
                return;
            }

            if (channel.Locked)
            {
                throw DiscordError.ThreadArchived();
            }

            channel.Archived = false;
            channel.ArchiveTimestamp = now;
        }

        _ = server.EnqueueDispatch("THREAD_UPDATE", Json.Channel(channel), channel.GuildId);
    }

    private static int? ReadDuration(JsonObject body, FormErrors errors)
    {
        if (body["auto_archive_duration"] is not { } node)
        {
            return null;
        }

        var minutes = JsonRead.Int(node);
        if (minutes is not { } m || !ArchiveDurations.Contains(m))
        {
            errors.Add("auto_archive_duration", "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.");
            return null;
        }

        return m;
    }
}
