using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.Rest;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private readonly Lock _dispatchLock = new();
    private Task _dispatchTail = Task.CompletedTask;

    /// <summary>Every REST request, in arrival order (snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => Read(s => s.Requests.ToList());

    /// <summary>Every 4xx other than 429 the fake answered (validation, unknown ids, auth, double acknowledgements), not the injected faults.</summary>
    public IReadOnlyList<RecordedRejection> Rejections => Read(s => s.Rejections.ToList());

    /// <summary>429s the fake answered, organic and injected.</summary>
    public int TooManyRequestsSent => Read(s => s.TooManyRequests);

    /// <summary>429s for the global limit (GlobalRequestsPerSecond over every bot-token request, whichever process sent it).</summary>
    public int GlobalTooManyRequestsSent => Read(s => s.GlobalTooManyRequests);

    /// <summary>The most bot-token requests (interaction routes excluded, as Discord exempts them) the fake received within any one second.</summary>
    public int MaxBotRequestsInOneSecond()
    {
        var times = Read(s => s.Requests.Where(r => !r.Path.StartsWith("/interactions/", StringComparison.Ordinal) && !r.Path.StartsWith("/webhooks/", StringComparison.Ordinal)).Select(r => r.At).Order().ToList());
        var most = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= TimeSpan.FromSeconds(1))
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    public IReadOnlyList<FakeMessage> AllMessages => Read(s => s.MessageOrder.Select(id => s.Messages[id]).ToList());

    /// <summary>Every thread the bot started, as it is now (archived, locked, name).</summary>
    public IReadOnlyList<FakeThread> Threads => Read(s => s.Channels.Values.Where(c => c.IsThread).OrderBy(c => c.Id)
        .Select(c => new FakeThread(c.Id, c.ParentId!.Value, c.GuildId, c.Name, c.AutoArchiveDuration, c.Archived, c.Locked)).ToList());

    /// <summary>Archives (and optionally locks) a thread as a moderator would.</summary>
    public void ArchiveThread(ulong threadId, bool locked) => UpdateChannel(threadId, c =>
    {
        c.Archived = true;
        c.Locked = locked;
    });

    /// <summary>Number of bulk overwrites (PUT .../commands) accepted.</summary>
    public int CommandOverwriteCount => Read(s => s.CommandOverwrites);

    public IReadOnlyList<FakeMessage> GetMessages(ulong channelId) =>
        Read(s => s.MessageOrder.Select(id => s.Messages[id]).Where(m => m.ChannelId == channelId).ToList());

    public FakeMessage? GetMessage(ulong messageId) => Read(s => s.Messages.GetValueOrDefault(messageId));

    /// <summary>Commands as last overwritten (with ids); null = global commands.</summary>
    public IReadOnlyList<JsonObject> RegisteredCommands(ulong? guildId = null) =>
        Read(s => s.Commands.TryGetValue(guildId ?? 0, out var list) ? list.Select(c => (JsonObject)c.DeepClone()).ToList() : []);

    /// <summary>
    /// Holds these commands (as <see cref="RegisteredCommands"/> gave them, ids included; null = global) as if an earlier
    /// start had registered them: a bot restarting with the same definitions finds them and sends no overwrite.
    /// </summary>
    public void SetCommands(IEnumerable<JsonObject> commands, ulong? guildId = null)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var copies = commands.Select(c => (JsonObject)c.DeepClone()).ToList();
        lock (State.Gate)
        {
            State.Commands[guildId ?? 0] = copies;
        }
    }

    /// <summary>Deletes the application's commands (null = the global ones), as an owner could in the Developer Portal.</summary>
    public void DeleteCommands(ulong? guildId = null)
    {
        lock (State.Gate)
        {
            State.Commands.Remove(guildId ?? 0);
        }
    }

    /// <summary>Creates a guild; sent as GUILD_CREATE to live sessions (and in READY to later ones).</summary>
    public ulong CreateGuild(string name = "Test Guild")
    {
        var guild = new GuildState(Ids.Next(), name);
        JsonObject payload;
        lock (State.Gate)
        {
            State.Guilds.Add(guild);
            payload = GuildCreateJson(guild);
        }

        _ = EnqueueDispatch("GUILD_CREATE", payload, guild.Id);
        return guild.Id;
    }

    /// <summary>Creates a guild whose events Discord routes to <paramref name="shardId"/> of <paramref name="shardCount"/>: <c>(guild_id &gt;&gt; 22) % shard_count</c>.</summary>
    public ulong CreateGuildOnShard(int shardId, int shardCount, string name = "Test Guild")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shardId, shardCount);
        var guild = new GuildState(Ids.NextOnShard(shardId, shardCount), name);
        JsonObject payload;
        lock (State.Gate)
        {
            State.Guilds.Add(guild);
            payload = GuildCreateJson(guild);
        }

        _ = EnqueueDispatch("GUILD_CREATE", payload, guild.Id);
        return guild.Id;
    }

    /// <summary>
    /// Many guilds at once, spread evenly over <paramref name="shardCount"/> shards, before any session connects (no
    /// GUILD_CREATE is queued; READY lists them): for load tests.
    /// </summary>
    public IReadOnlyList<ulong> CreateGuilds(int count, int shardCount)
    {
        var ids = new List<ulong>(count);
        lock (State.Gate)
        {
            for (var i = 0; i < count; i++)
            {
                var guild = new GuildState(Ids.NextOnShard(i % shardCount, shardCount), $"Guild {i}");
                State.Guilds.Add(guild);
                ids.Add(guild.Id);
            }
        }

        return ids;
    }

    public ulong CreateChannel(ulong guildId, string name = "papers")
    {
        ChannelState channel;
        lock (State.Gate)
        {
            if (State.FindGuild(guildId) is null)
            {
                throw new ArgumentException($"Unknown guild {guildId}; call CreateGuild first.", nameof(guildId));
            }

            channel = new ChannelState(Ids.Next(), guildId, name);
            State.Channels[channel.Id] = channel;
        }

        _ = EnqueueDispatch("CHANNEL_CREATE", Json.Channel(channel), guildId);
        return channel.Id;
    }

    /// <summary>Later requests on the channel get 404 {code 10003}.</summary>
    public void DeleteChannel(ulong channelId) => UpdateChannel(channelId, c => c.Deleted = true);

    /// <summary>Later message creates (and reactions) get 403 {code 50013}.</summary>
    public void DenyPermission(ulong channelId) => UpdateChannel(channelId, c => c.CanSend = false);

    /// <summary>Later requests on the channel get 403 {code 50001}.</summary>
    public void DenyAccess(ulong channelId) => UpdateChannel(channelId, c => c.CanView = false);

    /// <summary>Seeds a message from a user (another bot when <paramref name="authorIsBot"/>), e.g. to react to; dispatched as MESSAGE_CREATE.</summary>
    public async Task<FakeMessage> CreateUserMessageAsync(ulong channelId, ulong userId, string content, string? userName = null, CancellationToken ct = default, bool authorIsBot = false)
    {
        var channel = ResolveChannel(channelId);
        var id = Ids.Next();
        var message = new FakeMessage
        {
            Id = id,
            ChannelId = channelId,
            GuildId = channel.GuildId,
            AuthorId = userId,
            AuthorIsBot = authorIsBot,
            AuthorName = userName ?? $"user{userId}",
            Content = content,
            Timestamp = SnowflakeGenerator.TimestampOf(id),
        };
        lock (State.Gate)
        {
            State.Put(message);
        }

        await EnqueueDispatch("MESSAGE_CREATE", MessageJson.Build(this, message), channel.GuildId);
        return message;
    }

    internal Task EnqueueDispatch(string type, JsonNode data, ulong? guildId)
    {
        lock (_dispatchLock)
        {
            // Chained so events leave in the order the fake produced them, even when callers do not await.
            _dispatchTail = _dispatchTail.ContinueWith(
                _ => Gateway.DispatchAsync(type, data, guildId, Stopping),
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
            return _dispatchTail;
        }
    }

    /// <summary>Finds a channel, creating unknown ones when <see cref="FakeDiscordOptions.AutoCreateChannels"/> is on.</summary>
    internal ChannelState ResolveChannel(ulong channelId)
    {
        ChannelState? created = null;
        ChannelState channel;
        lock (State.Gate)
        {
            if (!State.Channels.TryGetValue(channelId, out var found))
            {
                if (!Options.AutoCreateChannels)
                {
                    throw DiscordError.UnknownChannel();
                }

                found = created = new ChannelState(channelId, State.Guilds.FirstOrDefault()?.Id, $"channel-{channelId}");
                State.Channels[channelId] = found;
            }

            channel = found;
        }

        if (channel.Deleted)
        {
            throw DiscordError.UnknownChannel();
        }

        if (created is not null)
        {
            _ = EnqueueDispatch("CHANNEL_CREATE", Json.Channel(created), created.GuildId);
        }

        return channel;
    }

    /// <summary>Caller holds the state lock.</summary>
    /// <summary>Under <c>State.Gate</c>.</summary>
    private JsonObject GuildCreateJson(GuildState guild) => GuildCreateJson(guild, ChannelsJson(State.Channels.Values.Where(c => c.GuildId == guild.Id)));

    /// <summary>A guild's channels as its GUILD_CREATE lists them; under <c>State.Gate</c>, since channels change.</summary>
    private static JsonArray ChannelsJson(IEnumerable<ChannelState> channels)
    {
        JsonArray list = [];
        foreach (var channel in channels.Where(c => !c.Deleted))
        {
            var json = Json.Channel(channel);
            json.Remove("guild_id");
            list.Add(json);
        }

        return list;
    }

    /// <summary>Reads no shared state: READY builds thousands of these outside <c>State.Gate</c>.</summary>
    private JsonObject GuildCreateJson(GuildState guild, JsonArray channels)
    {
        var id = Json.Id(guild.Id);
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = guild.Name,
            ["icon"] = null,
            ["owner_id"] = Json.Id(BotUserId + 1),
            ["unavailable"] = false,
            ["large"] = false,
            ["member_count"] = 2,
            ["joined_at"] = Json.Timestamp(SnowflakeGenerator.TimestampOf(guild.Id)),
            ["roles"] = new JsonArray(new JsonObject { ["id"] = id, ["name"] = "@everyone", ["permissions"] = "2248473465835073", ["position"] = 0, ["color"] = 0, ["hoist"] = false, ["managed"] = false, ["mentionable"] = false }),
            ["emojis"] = new JsonArray(),
            ["features"] = new JsonArray(),
            ["channels"] = channels,
            ["threads"] = new JsonArray(),
            ["members"] = new JsonArray(Json.Member(Json.BotUser(this), "2248473465835073", SnowflakeGenerator.TimestampOf(guild.Id))),
            ["voice_states"] = new JsonArray(),
            ["presences"] = new JsonArray(),
            ["stage_instances"] = new JsonArray(),
            ["guild_scheduled_events"] = new JsonArray(),
            ["preferred_locale"] = "en-US",
        };
    }

    private void UpdateChannel(ulong channelId, Action<ChannelState> change)
    {
        lock (State.Gate)
        {
            if (!State.Channels.TryGetValue(channelId, out var channel))
            {
                channel = new ChannelState(channelId, State.Guilds.FirstOrDefault()?.Id, $"channel-{channelId}");
                State.Channels[channelId] = channel;
            }

            change(channel);
        }
    }
}
