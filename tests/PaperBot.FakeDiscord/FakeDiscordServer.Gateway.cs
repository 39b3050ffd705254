using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.Gateway;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    public int IdentifyCount => Read(s => s.Identifies);
    public int ResumeCount => Read(s => s.Resumes);
    public int HeartbeatCount => Read(s => s.Heartbeats);

    /// <summary>RESUMEs refused with op 9 because they came on the gateway URL instead of resume_gateway_url, or without a seq.</summary>
    public int RefusedResumeCount => Read(s => s.RefusedResumes);

    /// <summary>Every websocket connection's URL (ws://host:port/path?query), in order.</summary>
    public IReadOnlyList<Uri> GatewayConnectionUrls => Gateway.ConnectionUrls;

    /// <summary>Every IDENTIFY let through (shard id, fake-clock time), in order.</summary>
    public IReadOnlyList<(int ShardId, DateTimeOffset At)> IdentifyTimes => Gateway.Limits.Identifies;

    /// <summary>IDENTIFYs refused: too soon in their max_concurrency bucket (op 9), or past the session start budget (4004).</summary>
    public int RefusedIdentifyCount => Gateway.Limits.Refused;

    /// <summary>Every IDENTIFY refused as too soon in its bucket: its shard and fake-clock time, and those of the bucket's last IDENTIFY let through.</summary>
    public IReadOnlyList<(int ShardId, DateTimeOffset At, int LastShardId, DateTimeOffset LastAt)> TooSoonIdentifies => Gateway.Limits.TooSoon;

    /// <summary>True while a session is identified (or resumed) and its socket is open.</summary>
    public bool IsGatewayReady => Gateway.AnyLiveSession;

    /// <summary>Websocket connections accepted so far.</summary>
    public int ConnectionCount => Read(s => s.Connections);

    /// <summary>The close code of each close handshake the client started (1000 ends the session, as on Discord).</summary>
    public IReadOnlyList<int?> ClientCloseCodes => Gateway.ClientCloseCodes;

    /// <summary>Every payload the client sent over the gateway ({op, d, ...}), in arrival order.</summary>
    public IReadOnlyList<JsonObject> ReceivedGatewayPayloads => Read(s => s.GatewayPayloads.Select(p => (JsonObject)p.DeepClone()).ToList());

    /// <summary>False: the gateway stops answering heartbeats with op 11, so the client should detect a zombie connection.</summary>
    public bool AcknowledgeHeartbeats
    {
        get => Gateway.AcknowledgeHeartbeats;
        set => Gateway.AcknowledgeHeartbeats = value;
    }

    /// <summary>Dispatches a raw event (op 0) with the next sequence number of each session; kept for replay on RESUME.
    /// Routed by the data's guild_id (shards) and the session's intents.</summary>
    public Task DispatchAsync(string eventName, JsonNode data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var guildId = data is JsonObject o && o["guild_id"] is { } g && ulong.TryParse(g.ToString(), out var id) ? id : (ulong?)null;
        if (eventName is "GUILD_CREATE" or "GUILD_UPDATE" or "GUILD_DELETE" && data["id"] is { } gid && ulong.TryParse(gid.ToString(), out var guild))
        {
            guildId = guild;
        }

        return Gateway.DispatchAsync(eventName, data, guildId, ct);
    }

    /// <summary>Aborts the gateway sockets of one shard without a close frame (its session stays resumable); returns how many.</summary>
    public int DropShardConnection(int shardId) => Gateway.DropShard(shardId);

    /// <summary>Shard ids of the sessions live now (identified or resumed, socket open), one entry per session.</summary>
    public IReadOnlyList<int> LiveShards => Gateway.LiveShards;

    /// <summary>Every dispatch sent over a live connection: the shard whose session got it, the event, its guild and its data's id.</summary>
    public IReadOnlyList<DeliveredDispatch> DeliveredDispatches => Gateway.Delivered;

    /// <summary>Aborts every gateway socket without a close frame; sessions stay resumable.</summary>
    public Task DropConnectionAsync() => Gateway.DropAllAsync();

    /// <summary>
    /// Until the handle is disposed, a client that connects to the gateway waits before its upgrade (as behind a
    /// slow network), so a test can inject events while the client is certainly away.
    /// </summary>
    public IDisposable HoldGatewayConnections() => Gateway.HoldNewConnections();

    /// <summary>Sends op 7 RECONNECT.</summary>
    public Task SendReconnectAsync(CancellationToken ct = default) => Gateway.SendToAllAsync(new JsonObject { ["op"] = 7, ["d"] = null }, ct);

    /// <summary>Sends op 9 INVALID_SESSION; not resumable also forgets the session.</summary>
    public Task SendInvalidSessionAsync(bool resumable, CancellationToken ct = default) => Gateway.InvalidateAllAsync(resumable, ct);

    /// <summary>Sends op 1: the client must heartbeat immediately.</summary>
    public Task RequestHeartbeatAsync(CancellationToken ct = default) => Gateway.SendToAllAsync(new JsonObject { ["op"] = 1, ["d"] = null }, ct);

    /// <summary>Closes every gateway socket with a close frame; codes that end a session (4004, 4007, 4009-4014) also forget it.</summary>
    public Task CloseGatewayAsync(int closeCode, string reason = "", CancellationToken ct = default) => Gateway.CloseAllAsync(closeCode, reason, ct);

    internal (JsonObject Ready, List<JsonObject> Guilds) BuildReady(GatewaySession session, int shardId, int shardCount, bool includeShard)
    {
        List<(GuildState Guild, JsonArray Channels)> guilds;
        lock (State.Gate)
        {
            // Only what may change is read under the lock: every received frame waits on it (Record), so the
            // thousands of GUILD_CREATEs of a big shard built here would delay other shards' IDENTIFYs, and
            // Discord counts an IDENTIFY when it arrives.
            var shardGuilds = State.Guilds.Where(g => session.WantsGuild(g.Id)).ToList();
            var ids = shardGuilds.Select(g => g.Id).ToHashSet();
            var channels = State.Channels.Values.Where(c => c.GuildId is { } g && ids.Contains(g)).ToLookup(c => c.GuildId!.Value);
            guilds = [.. shardGuilds.Select(g => (g, ChannelsJson(channels[g.Id])))];
        }

        JsonArray stubs = [];
        foreach (var (guild, _) in guilds)
        {
            stubs.Add(new JsonObject { ["id"] = guild.Id.ToString(), ["unavailable"] = true });
        }

        var guildCreates = guilds.Select(g => GuildCreateJson(g.Guild, g.Channels)).ToList();

        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = Json.BotUser(this),
            ["guilds"] = stubs,
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = ResumeGatewayUrl.ToString().TrimEnd('/'),
            ["application"] = new JsonObject { ["id"] = ApplicationId.ToString(), ["flags"] = 0 },
            ["private_channels"] = new JsonArray(),
        };
        if (includeShard)
        {
            ready["shard"] = new JsonArray(shardId, shardCount);
        }

        return (ready, guildCreates);
    }

    private int Read(Func<State.FakeState, int> read)
    {
        lock (State.Gate)
        {
            return read(State);
        }
    }

    private T Read<T>(Func<State.FakeState, T> read)
    {
        lock (State.Gate)
        {
            return read(State);
        }
    }
}
